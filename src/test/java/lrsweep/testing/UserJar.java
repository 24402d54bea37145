package lrsweep.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.ToolProvider;

/**
 * A user's jar, as one would build it: schedule classes compiled from source against this
 * project's classpath by the JDK's compiler, and jarred. None of them is on the tests' classpath.
 */
public final class UserJar {

    /** Halves (by default) every {@code every} units; its keys arrive through the Config constructor. */
    static final String HALVING = """
            package com.acme;

            import com.typesafe.config.Config;
            import lrsweep.schedule.Schedule;

            public class Halving implements Schedule {
                private final double every;
                private final double factor;

                public Halving(Config c) {
                    every = c.getDouble("every");
                    factor = c.hasPath("factor") ? c.getDouble("factor") : 0.5;
                    if (every <= 0) {
                        throw new IllegalArgumentException("every must be > 0, got " + every);
                    }
                }

                @Override
                public double rate(double lr0, long t, long n) {
                    return lr0 * Math.pow(factor, Math.floor(t / every));
                }
            }
            """;

    /** No parameters: a public no-argument constructor; rate lr0 * (n - t) / n. */
    static final String LINEAR = """
            package com.acme;

            public class Linear implements lrsweep.schedule.Schedule {
                public Linear() {
                }

                @Override
                public double rate(double lr0, long t, long n) {
                    return lr0 * (n - t) / n;
                }
            }
            """;

    static final String NOT_A_SCHEDULE = """
            package com.acme;

            public class NotASchedule {
                public double rate(double lr0, long t, long n) {
                    return lr0;
                }
            }
            """;

    private UserJar() {
    }

    /** Compiles com.acme.Halving, Linear and NotASchedule into {@code dir/user.jar}. */
    public static Path build(Path dir) throws IOException {
        Path src = Files.createDirectories(dir.resolve("src/com/acme"));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        List<Path> sources = List.of(
                Files.writeString(src.resolve("Halving.java"), HALVING),
                Files.writeString(src.resolve("Linear.java"), LINEAR),
                Files.writeString(src.resolve("NotASchedule.java"), NOT_A_SCHEDULE));
        var compiler = ToolProvider.getSystemJavaCompiler();
        var log = new StringWriter();
        try (var files = compiler.getStandardFileManager(null, null, null)) {
            boolean ok = compiler.getTask(log, files, null,
                    List.of("-classpath", System.getProperty("java.class.path"), "-d", classes.toString()), null,
                    files.getJavaFileObjectsFromPaths(sources)).call();
            if (!ok) {
                throw new IllegalStateException("compiling the user's classes failed: " + log);
            }
        }
        Path jar = dir.resolve("user.jar");
        try (var out = new JarOutputStream(Files.newOutputStream(jar)); var walk = Files.walk(classes)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, (OutputStream) out);
                out.closeEntry();
            }
        }
        return jar;
    }

    /** A loader of the jar over this one's, as Spark's --jars gives tasks. */
    public static URLClassLoader loader(Path jar) throws IOException {
        return new URLClassLoader(new URL[] {jar.toUri().toURL()}, UserJar.class.getClassLoader());
    }
}
