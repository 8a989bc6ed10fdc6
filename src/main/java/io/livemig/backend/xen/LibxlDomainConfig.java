package io.livemig.backend.xen;

import io.livemig.backend.DomainException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The configuration libxl keeps for a domain it created: the JSON of its libxl_domain_config, in
 * the userdata file {@code /var/lib/xen/userdata-d.<domid>.<uuid>.libxl-json}. It is what
 * {@code xl save} embeds in a save file (libxl_retrieve_domain_configuration starts from it), so
 * a save file carrying it restores with a bare {@code xl restore FILE}.
 */
public final class LibxlDomainConfig {
    /** Where libxl keeps its userdata (libxl__userdata_path, XEN_LIB_DIR). */
    public static final Path DEFAULT_DIRECTORY = Path.of("/var/lib/xen");
    /** A config larger than this is not libxl's (a few KiB is usual). */
    static final long MAX_SIZE = 1 << 20;

    private LibxlDomainConfig() {
    }

    /**
     * The JSON config of domain {@code domid}, or empty when libxl keeps none for it (a domain
     * created by another toolstack).
     *
     * @param domid     the domain's id
     * @param directory where libxl keeps its userdata, usually {@link #DEFAULT_DIRECTORY}
     * @return the file's bytes, or empty when the directory or the file does not exist
     * @throws DomainException when there is more than one, or it cannot be read, or it is larger
     *                         than 1 MiB
     */
    public static Optional<byte[]> json(int domid, Path directory) {
        if (!Files.isDirectory(directory)) {
            return Optional.empty();
        }
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "userdata-d." + domid + ".*.libxl-json")) {
            files.forEach(found::add);
        } catch (IOException e) {
            throw new DomainException("cannot list libxl's userdata in " + directory + ": " + e.getMessage(), e);
        }
        if (found.isEmpty()) {
            return Optional.empty();
        }
        if (found.size() > 1) {
            throw new DomainException("libxl keeps " + found.size() + " configs for domid " + domid + " in " + directory
                    + " (" + found.getFirst().getFileName() + ", " + found.get(1).getFileName() + "): give the config with --xl-config");
        }
        Path file = found.getFirst();
        try {
            long size = Files.size(file);
            if (size > MAX_SIZE) {
                throw new DomainException(file + " holds " + size + " bytes: not a libxl domain config");
            }
            return Optional.of(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new DomainException("cannot read libxl's config of domid " + domid + " (" + file + "): " + e.getMessage(), e);
        }
    }
}
