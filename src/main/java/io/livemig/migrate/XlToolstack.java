package io.livemig.migrate;

import io.livemig.backend.DomainException;
import io.livemig.backend.SourceDomain;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The identity of a Xen source through its toolstack: libxl created the domain and keeps its name
 * (in xenstore, under its own lock) and knows how to tear it down (devices, backends, the
 * domain's userdata), so renaming and destroying go through {@code xl rename} and
 * {@code xl destroy}, as the operator would type them. Resuming is the backend's
 * ({@link SourceDomain#resume()}: xc_domain_resume with fast = 1, then xs_resume_domain), which
 * is what libxl_domain_resume does for a PVH or HVM guest without a device model.
 */
public final class XlToolstack implements SourceToolstack {
    /** How long one xl command may take. */
    static final long COMMAND_TIMEOUT_SECONDS = 60;

    private final List<String> xl;
    private final int domid;
    private final SourceDomain domain;
    private volatile String name;
    private volatile boolean destroyed;

    /**
     * @param xl     the xl command ({@code ["xl"]})
     * @param domid  the source's domid
     * @param name   its name now ({@link #nameOf})
     * @param domain the opened domain, for {@link #resume()}
     */
    public XlToolstack(List<String> xl, int domid, String name, SourceDomain domain) {
        this.xl = List.copyOf(xl);
        this.domid = domid;
        this.name = name;
        this.domain = domain;
    }

    /** The domid of DOMAIN as xl's find_domain reads it: a number is a domid, anything else a name ({@code xl domid NAME}). */
    public static int domidOf(List<String> xl, String domain) {
        if (!domain.isEmpty() && domain.chars().allMatch(c -> c >= '0' && c <= '9')) {
            try {
                return Integer.parseInt(domain);
            } catch (NumberFormatException e) {
                throw new DomainException("domid " + domain + " is out of range");
            }
        }
        String out = run(xl, "domid", domain).strip();
        try {
            return Integer.parseInt(out);
        } catch (NumberFormatException e) {
            throw new DomainException(command(xl, "domid", domain) + " printed '" + out + "', not a domid");
        }
    }

    /** The name of domain {@code domid} ({@code xl domname DOMID}). */
    public static String nameOf(List<String> xl, int domid) {
        String out = run(xl, "domname", Integer.toString(domid)).strip();
        if (out.isEmpty() || out.contains("\n")) {
            throw new DomainException(command(xl, "domname", Integer.toString(domid)) + " printed '" + out + "', not a name");
        }
        return out;
    }

    @Override
    public String name() {
        return name;
    }

    /** {@code xl rename DOMID TO} (xl checks the name it finds, libxl renames in one xenstore transaction). */
    @Override
    public void rename(String from, String to) {
        if (!name.equals(from)) {
            throw new DomainException("cannot rename " + from + " to " + to + ": domid " + domid + " is called " + name);
        }
        run(xl, "rename", Integer.toString(domid), to);
        name = to;
    }

    /** {@code xl destroy DOMID}. */
    @Override
    public void destroy() {
        run(xl, "destroy", Integer.toString(domid));
        destroyed = true;
    }

    @Override
    public void resume() {
        domain.resume();
    }

    @Override
    public boolean destroyed() {
        return destroyed;
    }

    /** Runs {@code xl ARGS}, returning its standard output; fails with one line naming the command and what it said. */
    static String run(List<String> xl, String... args) {
        List<String> cmd = new ArrayList<>(xl);
        cmd.addAll(List.of(args));
        String text = String.join(" ", cmd);
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(false).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw new DomainException(text + ": cannot run it (" + e.getMessage() + ")", e);
        }
        try {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread drain = Thread.ofPlatform().daemon().name("xl-stderr").start(() -> copy(p.getErrorStream(), err));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            copy(p.getInputStream(), out);
            if (!p.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new DomainException(text + ": no answer within " + COMMAND_TIMEOUT_SECONDS + " s");
            }
            drain.join(TimeUnit.SECONDS.toMillis(5));
            if (p.exitValue() != 0) {
                String said = firstLine(err.toString(StandardCharsets.UTF_8));
                throw new DomainException(text + " failed (exit status " + p.exitValue() + ")" + (said.isEmpty() ? "" : ": " + said));
            }
            return out.toString(StandardCharsets.UTF_8);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new DomainException(text + ": interrupted", e);
        }
    }

    private static String command(List<String> xl, String... args) {
        return String.join(" ", xl) + " " + String.join(" ", args);
    }

    private static void copy(InputStream in, ByteArrayOutputStream to) {
        try (in) {
            in.transferTo(to);
        } catch (IOException e) {
            // what was read is reported
        }
    }

    private static String firstLine(String s) {
        return s.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
    }
}
