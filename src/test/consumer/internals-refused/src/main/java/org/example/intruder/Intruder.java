package org.example.intruder;

/** Uses three packages module io.livemig keeps to itself; none of this may compile. */
public final class Intruder {
    private Intruder() {
    }

    public static void main(String[] args) throws Exception {
        io.livemig.cli.Main.main(args);
        System.out.println(io.livemig.backend.xen.bindings.XenLibraries.directory());
        io.livemig.posix.NativeAccess.require();
    }
}
