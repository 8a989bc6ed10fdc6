package io.livemig.posix;

/**
 * The one check that livemig may make native calls, made before the first one. The JDK grants
 * native access per module ({@code --enable-native-access=io.livemig} on the module path,
 * {@code =ALL-UNNAMED} on the class path); without it JDK 25 prints a warning at the first restricted
 * call and a JVM run with {@code --illegal-native-access=deny} throws from deep inside a static
 * initializer. This check turns both into one {@link IllegalCallerException} that names the flag.
 */
public final class NativeAccess {
    private static final Module MODULE = NativeAccess.class.getModule();

    private NativeAccess() {
    }

    /**
     * Returns normally when this JVM grants native access to livemig's module.
     *
     * @throws IllegalCallerException naming the {@code java} option that grants it
     */
    public static void require() {
        if (!MODULE.isNativeAccessEnabled()) {
            throw new IllegalCallerException(message());
        }
    }

    /** What a JVM started without the grant is told. */
    static String message() {
        if (MODULE.isNamed()) {
            return "livemig makes native calls (Panama FFM) and this JVM does not allow them to module "
                    + MODULE.getName() + ": start java with --enable-native-access=" + MODULE.getName();
        }
        return "livemig makes native calls (Panama FFM) and this JVM does not allow them to the class path:"
                + " start java with --enable-native-access=ALL-UNNAMED, or put livemig on the module path"
                + " and grant --enable-native-access=io.livemig alone";
    }
}
