package io.livemig.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Loads the project's classes (io.livemig.*) a second time, child first, with their class-file
 * version lowered to Java 23's (67): Jazzer 0.24's bytecode instrumentation (its shaded ASM)
 * reads class files up to Java 23 only, and without it the fuzzer would get no coverage from
 * classes compiled for Java 25. The bytecode is unchanged; nothing javac emits for this code
 * depends on the newer versions. Everything else comes from the parent.
 */
final class InstrumentableClassLoader extends ClassLoader {
    /** The newest class-file major version Jazzer 0.24.0's ASM accepts (Opcodes.V23). */
    static final int INSTRUMENTABLE_MAJOR = 67;
    private static final String PREFIX = "io.livemig.";

    InstrumentableClassLoader(ClassLoader parent) {
        super("livemig-instrumentable", parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null && name.startsWith(PREFIX)) {
                byte[] bytes = classBytes(name);
                if (bytes != null) {
                    lowerVersion(bytes);
                    c = defineClass(name, bytes, 0, bytes.length);
                }
            }
            if (c == null) {
                c = getParent().loadClass(name);
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    private byte[] classBytes(String name) {
        try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading the class file of " + name, e);
        }
    }

    /** Sets the major version (bytes 6..7, big-endian) to at most {@link #INSTRUMENTABLE_MAJOR}. */
    static void lowerVersion(byte[] classFile) {
        int major = ((classFile[6] & 0xFF) << 8) | (classFile[7] & 0xFF);
        if (major > INSTRUMENTABLE_MAJOR) {
            classFile[6] = (byte) (INSTRUMENTABLE_MAJOR >>> 8);
            classFile[7] = (byte) INSTRUMENTABLE_MAJOR;
        }
    }
}
