package lrsweep.schedule;

import static lrsweep.schedule.ScheduleValidationTest.error;
import static lrsweep.schedule.ScheduleValidationTest.says;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import lrsweep.testing.UserJar;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class family, with classes from a jar the test compiles: loaded through the thread's
 * context loader, as a Spark task loads a class from --jars. Expected rates are worked out by hand.
 */
class UserClassTest {

    @TempDir
    static Path dir;

    static URLClassLoader jar;
    private ClassLoader before;

    @BeforeAll
    static void buildJar() throws Exception {
        jar = UserJar.loader(UserJar.build(dir));
    }

    @AfterAll
    static void closeJar() throws Exception {
        jar.close();
    }

    @BeforeEach
    void useJar() {
        before = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(jar);
    }

    @AfterEach
    void restore() {
        Thread.currentThread().setContextClassLoader(before);
    }

    private static ScheduleVariant parse(String hocon) {
        return Schedules.parse(ConfigFactory.parseString(hocon), "test");
    }

    private static List<Double> rates(ScheduleVariant v, double lr0, long n, long... ts) {
        return LongStream.of(ts).mapToObj(t -> v.rate(lr0, t, n)).toList();
    }

    @Test
    void extraKeysReachTheConfigConstructor() {
        ScheduleVariant v = parse("type: class, class: com.acme.Halving, every: 2");
        assertEquals(List.of(0.1, 0.1, 0.05, 0.05, 0.025), rates(v, 0.1, 10, 0, 1, 2, 3, 4));
        ScheduleVariant thirds = parse("type: class, class: com.acme.Halving, every: 1, factor: 0.25");
        assertEquals(List.of(1.0, 0.25, 0.0625), rates(thirds, 1, 10, 0, 1, 2));
    }

    @Test
    void aClassWithoutParametersTakesTheNoArgumentConstructor() {
        ScheduleVariant v = parse("{type: class, class: com.acme.Linear, unit: step, offset: 2, name: lin}");
        assertEquals("lin", v.name());
        // offset 2 of a 10-step run: t = 0, 0, 0, 4 of n = 8
        assertEquals(List.of(1.0, 1.0, 1.0, 0.5), rates(v, 1, 10, 0, 1, 2, 6));
    }

    @Test
    void specAndNameCarryTheClassAndItsKeys() {
        ScheduleVariant v = parse("type: class, factor: 0.5, class: com.acme.Halving, every: 2, mode: \"x y\"");
        assertEquals("{\"type\":\"class\",\"class\":\"com.acme.Halving\",\"every\":2,\"factor\":0.5,\"mode\":\"x y\","
                + "\"unit\":\"epoch\",\"offset\":0}", v.spec());
        assertEquals("class(class=com.acme.Halving,every=2,factor=0.5,mode=x y)", v.name());
        assertEquals(v.spec(), parse(v.spec()).spec());
        assertNotEquals(v.spec(), parse("type: class, class: com.acme.Halving, every: 3").spec());
    }

    @Test
    void executorsNeedNotLoadTheClassToReceiveIt() throws Exception {
        ScheduleVariant v = parse("type: class, class: com.acme.Halving, every: 2");
        var bytes = new ByteArrayOutputStream();
        try (var out = new ObjectOutputStream(bytes)) {
            out.writeObject(v);
        }
        // read by the tests' loader, which does not have the jar
        Thread.currentThread().setContextClassLoader(before);
        Object copy;
        try (var in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = in.readObject();
        }
        assertEquals(v, copy);
        Thread.currentThread().setContextClassLoader(jar);
        assertEquals(0.05, ((ScheduleVariant) copy).rate(0.1, 2, 10));
    }

    @Test
    void aThreadWithoutTheJarUsesTheLoaderThatFoundTheClass() throws Exception {
        ScheduleVariant v = parse("type: class, class: com.acme.Halving, every: 4");
        var rate = new AtomicReference<Double>();
        Thread t = new Thread(() -> rate.set(v.rate(1, 4, 10)));
        t.setContextClassLoader(before); // as the common pool's threads, which retrain the best trial
        t.start();
        t.join();
        assertEquals(0.5, rate.get());
    }

    @Test
    void refusedWithKeyPathAndLine() {
        says(error("type: class", "class: com.acme.Missing"), 4, "sweep.schedules[0].class",
                "class com.acme.Missing not found", "--jars");
        says(error("type: class", "class: com.acme.NotASchedule"), 4, "sweep.schedules[0].class",
                "com.acme.NotASchedule does not implement lrsweep.schedule.Schedule");
        says(error("type: class", "class: com.acme.Halving", "every: 0"), 4, "sweep.schedules[0].class",
                "com.acme.Halving's constructor threw", "every must be > 0, got 0.0");
        says(error("type: class", "class: com.acme.Halving"), 4, "sweep.schedules[0].class", "constructor threw",
                "No configuration setting found for key 'every'");
        says(error("type: class", "class: com.acme.Linear", "slope: 2"), 4, "sweep.schedules[0].class",
                "no public constructor taking a com.typesafe.config.Config", "slope");
        says(error("type: class", "class: lrsweep.schedule.Schedule"), 4, "sweep.schedules[0].class",
                "public, concrete class");
        says(error("type: class"), 2, "sweep.schedules[0].class", "missing required parameter");
    }

    @Test
    void withoutTheJarTheClassIsNotFound() {
        Thread.currentThread().setContextClassLoader(before);
        // in the jar, but never loaded successfully before: no loader to fall back on
        says(error("type: class", "class: com.acme.NotASchedule"), 4, "class com.acme.NotASchedule not found");
    }
}
