package lrsweep.schedule;

import com.typesafe.config.Config;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A user's class implementing {@link Schedule}, from a jar given with {@code --jars}: its rate is
 * the instance's. The instance is made through its public constructor taking a
 * {@code com.typesafe.config.Config} of the variant's other keys (all but type, class, name, unit
 * and offset) if it has one, otherwise through its public no-argument constructor (then the
 * variant may have no other keys); see {@link Schedule}. Reference: Keras' {@code
 * LearningRateSchedule} subclass; PyTorch's {@code LRScheduler} subclass.
 *
 * <p>The record holds the class name and the keys only, so executors that receive it need not
 * load the class to deserialize it; each thread makes its own instance, through its context
 * class loader (which holds Spark's {@code --jars}), on first use. Checked when the config is
 * read: the class loads, implements Schedule, and constructs.
 *
 * @param className the class's binary name, e.g. {@code com.acme.MySchedule} (required)
 * @param params    the variant's other keys, handed to the constructor
 */
public record UserClass(String className, Config params) implements Schedule {

    /**
     * The loader each class was found by when the config was read: a driver thread whose context
     * loader lacks Spark's {@code --jars} (the common pool, which retrains the best trial) uses it.
     */
    private static final Map<String, ClassLoader> FOUND_BY = new ConcurrentHashMap<>();

    static UserClass parse(Params p) {
        var schedule = new UserClass(p.string("class", "the name of a class implementing " + Schedule.class.getName()), p.rest());
        try {
            FOUND_BY.put(schedule.className, schedule.instantiate().getClass().getClassLoader());
        } catch (IllegalArgumentException e) {
            throw p.bad("class", e.getMessage());
        }
        return schedule;
    }

    @Override
    public double rate(double lr0, long t, long n) {
        return PerThread.get(new Key(contextLoader(), this), k -> k.schedule().instantiate()).rate(lr0, t, n);
    }

    /** Per thread, an instance per loader: the same name may be another class in another loader. */
    private record Key(ClassLoader loader, UserClass schedule) {
    }

    /** A new instance. @throws IllegalArgumentException saying what is wrong with the class, in one line */
    Schedule instantiate() {
        Class<?> c = load();
        if (!Schedule.class.isAssignableFrom(c)) {
            throw new IllegalArgumentException(className + " does not implement " + Schedule.class.getName());
        }
        if (!Modifier.isPublic(c.getModifiers()) || Modifier.isAbstract(c.getModifiers())) {
            throw new IllegalArgumentException(className + " must be a public, concrete class");
        }
        Constructor<?> constructor = constructor(c);
        try {
            return (Schedule) (constructor.getParameterCount() == 0 ? constructor.newInstance() : constructor.newInstance(params));
        } catch (InvocationTargetException | ExceptionInInitializerError e) {
            throw new IllegalArgumentException(className + "'s constructor threw " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalArgumentException("cannot construct " + className + ": " + e, e);
        }
    }

    /** Through the thread's context loader, else through the one that found it when the config was read. */
    private Class<?> load() {
        ClassLoader earlier = FOUND_BY.get(className);
        for (ClassLoader loader : earlier == null ? List.of(contextLoader()) : List.of(contextLoader(), earlier)) {
            try {
                return Class.forName(className, false, loader);
            } catch (ClassNotFoundException e) {
                // the next loader, if any
            } catch (LinkageError e) {
                throw new IllegalArgumentException("class " + className + " cannot be loaded: " + e, e);
            }
        }
        throw new IllegalArgumentException("class " + className + " not found; give the jar that holds it with --jars");
    }

    /** The (Config) constructor, or the no-argument one when there are no other keys. */
    private Constructor<?> constructor(Class<?> c) {
        try {
            return c.getConstructor(Config.class);
        } catch (NoSuchMethodException e) {
            if (!params.isEmpty()) {
                throw new IllegalArgumentException(className + " has no public constructor taking a " + Config.class.getName()
                        + ", which the keys " + String.join(", ", params.root().keySet()) + " need");
            }
        }
        try {
            return c.getConstructor();
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(className + " has neither a public no-argument constructor nor one taking a "
                    + Config.class.getName());
        }
    }

    private static ClassLoader contextLoader() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return loader != null ? loader : UserClass.class.getClassLoader();
    }
}
