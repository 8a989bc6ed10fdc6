package io.livemig.backend.xen;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.livemig.backend.DomainException;
import io.livemig.stream.DeviceModelState;
import io.livemig.stream.EmulatorDescriptor;
import io.livemig.stream.RecordDescriptor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The upstream QEMU that emulates an HVM domain's platform in dom0, driven as libxl drives it when
 * it saves the domain (libxl_dom_suspend.c, libxl_qmp.c, libxl_dom_save.c):
 * <ul>
 *   <li>found as libxl finds it: the domain's type in {@code /libxl/DOMID/type}, the device model's
 *       version in {@code /libxl/DOMID/dm-version}; a stubdomain's device model
 *       ({@code /local/domain/DOMID/image/device-model-domid}) and qemu-traditional are refused;</li>
 *   <li>while Xen tracks the guest's dirty pages: QMP {@code xen-set-global-dirty-log}, on before
 *       and off after, as libxl's switch_qemu_logdirty callback of x86_hvm_setup and cleanup does:
 *       QEMU then reports the pages its devices write (DMA) to Xen's log-dirty too;</li>
 *   <li>once the guest is suspended: QMP {@code stop}; {@code /var/lib/xen/qemu-save.DOMID} opened
 *       here and its descriptor handed to QEMU with {@code add-fd}; then
 *       {@code xen-save-devices-state} into {@code /dev/fdset/N} with {@code live} set for a live
 *       migration, so that a deprivileged QEMU (dm_restrict) can write it too; the file's bytes
 *       become EMULATOR_CONTEXT and the device model's physmap keys in xenstore
 *       EMULATOR_XENSTORE_DATA;</li>
 *   <li>when the domain runs again after a failure, an ABORT or a checkpoint: QMP {@code cont}.</li>
 * </ul>
 * The QMP socket is libxl's, {@code /var/run/xen/qmp-libxl-DOMID}. The directories can be moved
 * with the system properties {@code livemig.xen.runDir} and {@code livemig.xen.libDir} (for tests);
 * each QMP command may take {@link #QMP_TIMEOUT}.
 */
final class XenDeviceModel {
    private static final Logger LOG = LogManager.getLogger(XenDeviceModel.class);
    /** How long QEMU may take to answer a command (saving its state is the long one); livemig.xen.qmpTimeoutMillis changes it. */
    static final Duration QMP_TIMEOUT = Duration.ofMillis(Long.getLong("livemig.xen.qmpTimeoutMillis", 60_000));
    private static final String[] PHYSMAP_SUBKEYS = {"start_addr", "size", "name"};

    private final XenHost host;
    private final int domid;
    private final String name;
    private final Path qmpSocket;
    private final Path saveFile;
    private boolean stopped;
    private boolean globalDirtyLog;

    private XenDeviceModel(XenHost host, int domid, String name) {
        this.host = host;
        this.domid = domid;
        this.name = name;
        this.qmpSocket = Path.of(System.getProperty("livemig.xen.runDir", "/var/run/xen"), "qmp-libxl-" + domid);
        this.saveFile = Path.of(System.getProperty("livemig.xen.libDir", "/var/lib/xen"), "qemu-save." + domid);
    }

    /**
     * The device model of an HVM domain, or null for a domain without one (PVH: libxl's type "pvh").
     *
     * @throws DomainException for a device model livemig cannot save (qemu-traditional, a
     *                         stubdomain), or an HVM domain libxl did not create
     */
    static XenDeviceModel of(XenHost host, int domid, String name) {
        XenStore xs = host.xenstore();
        String type = xs.read(0, "/libxl/" + domid + "/type");
        if ("pvh".equals(type)) {
            return null;
        }
        if (type == null) {
            return null; // not libxl's domain: the caller decides by the domain's emulation flags
        }
        if (!"hvm".equals(type)) {
            throw new DomainException(name + ": libxl records its type as \"" + type + "\" (/libxl/" + domid + "/type), expected hvm or pvh");
        }
        String stubdom = xs.read(0, "/local/domain/" + domid + "/image/device-model-domid");
        if (stubdom != null) {
            throw new DomainException(name + " is an HVM guest whose device model runs in a stubdomain (domid " + stubdom
                    + "): livemig cannot save a stubdomain's device model; save it with xl save");
        }
        String version = xs.read(0, "/libxl/" + domid + "/dm-version");
        if ("qemu_xen_traditional".equals(version)) {
            throw new DomainException(name + " is an HVM guest with the qemu-traditional device model: livemig saves upstream"
                    + " QEMU's state only (device_model_version = \"qemu-xen\"); save it with xl save");
        }
        if (!"qemu_xen".equals(version)) {
            throw new DomainException(name + " is an HVM guest whose device model libxl records as \"" + version + "\" (/libxl/"
                    + domid + "/dm-version): livemig saves upstream QEMU's state only");
        }
        return new XenDeviceModel(host, domid, name);
    }

    /**
     * QMP stop, then xen-save-devices-state; returns the state for the stream. Called with the
     * domain suspended; the device model stays stopped until {@link #resume()}.
     */
    DeviceModelState stopAndSave(boolean live) {
        try (QmpClient qmp = QmpClient.connect(qmpSocket, "the device model of " + name, QMP_TIMEOUT)) {
            stopped = true; // from here on it must run again with the domain, even if stop seemed to fail
            qmp.execute("stop", null);
            int fdset = handOverSaveFile(qmp);
            JsonObject arguments = new JsonObject();
            arguments.addProperty("live", live);
            arguments.addProperty("filename", "/dev/fdset/" + fdset);
            try {
                qmp.execute("xen-save-devices-state", arguments);
            } catch (RuntimeException e) {
                removeSaveFile();
                throw e;
            }
        }
        byte[] context;
        try {
            long size = Files.size(saveFile);
            if (size == 0 || size > RecordDescriptor.MAX_BODY_LENGTH - EmulatorDescriptor.HEADER_LENGTH) {
                throw new DomainException(name + ": the device model saved " + size + " bytes into " + saveFile
                        + ", expected 1.." + (RecordDescriptor.MAX_BODY_LENGTH - EmulatorDescriptor.HEADER_LENGTH));
            }
            context = Files.readAllBytes(saveFile);
        } catch (IOException e) {
            throw new DomainException(name + ": cannot read the device model's state from " + saveFile + ": " + e.getMessage(), e);
        } finally {
            removeSaveFile();
        }
        byte[] xenstoreData = xenstoreData();
        LOG.debug("{}: device model saved {} bytes of state, {} bytes of xenstore data", name, context.length, xenstoreData.length);
        return new DeviceModelState(EmulatorDescriptor.EMULATOR_QEMU_UPSTREAM, xenstoreData, context);
    }

    /**
     * As libxl's dm_stopped and dm_state_fd_ready: opens the save file here and hands QEMU the
     * descriptor with QMP {@code add-fd}, so that QEMU needs no access to the file by name (a
     * deprivileged QEMU, dm_restrict, has none); returns the fdset QEMU put it in. QEMU drops the
     * fdset itself once the file is closed and this monitor connection is gone.
     */
    private int handOverSaveFile(QmpClient qmp) {
        int fd;
        try {
            fd = UnixSocket.openForWriting(saveFile);
        } catch (IOException e) {
            throw new DomainException(name + ": cannot open the file for the device model's state: " + e.getMessage(), e);
        }
        try {
            JsonElement answer = qmp.execute("add-fd", null, fd);
            if (answer.isJsonObject() && answer.getAsJsonObject().has("fdset-id")
                    && answer.getAsJsonObject().get("fdset-id").isJsonPrimitive()) {
                return answer.getAsJsonObject().get("fdset-id").getAsInt();
            }
            throw new QmpClient.QmpException("QMP add-fd to the device model of " + name + ": the answer has no fdset-id: "
                    + answer, null);
        } catch (RuntimeException e) {
            removeSaveFile();
            throw e;
        } finally {
            UnixSocket.closeFd(fd);
        }
    }

    private void removeSaveFile() {
        try {
            Files.deleteIfExists(saveFile);
        } catch (IOException e) {
            LOG.warn("{}: could not remove {}: {}", name, saveFile, e.getMessage());
        }
    }

    /**
     * libxl__save_emulator_xenstore_data: for each entry of the device model's physmap, its
     * start_addr, size and name, as NUL-terminated (key, value) pairs relative to the device
     * model's directory. A missing subkey fails, as in libxl.
     */
    private byte[] xenstoreData() {
        XenStore xs = host.xenstore();
        String root = "/local/domain/0/device-model/" + domid;
        List<String> entries = xs.directory(0, root + "/physmap");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (entries == null) {
            return out.toByteArray();
        }
        for (String entry : entries) {
            for (String subkey : PHYSMAP_SUBKEYS) {
                String key = "physmap/" + entry + "/" + subkey;
                String value = xs.read(0, root + "/" + key);
                if (value == null) {
                    throw new DomainException(name + ": the device model's xenstore key " + root + "/" + key + " is missing");
                }
                out.writeBytes(key.getBytes(StandardCharsets.UTF_8));
                out.write(0);
                out.writeBytes(value.getBytes(StandardCharsets.UTF_8));
                out.write(0);
            }
        }
        return out.toByteArray();
    }

    /** QMP xen-set-global-dirty-log: QEMU reports the guest pages its devices write to Xen's log-dirty (or stops). */
    void globalDirtyLog(boolean enable) {
        if (enable == globalDirtyLog) {
            return;
        }
        JsonObject arguments = new JsonObject();
        arguments.addProperty("enable", enable);
        try (QmpClient qmp = QmpClient.connect(qmpSocket, "the device model of " + name, QMP_TIMEOUT)) {
            globalDirtyLog = enable; // off again on the way out, even when this answer does not come
            qmp.execute("xen-set-global-dirty-log", arguments);
        }
    }

    boolean globalDirtyLog() {
        return globalDirtyLog;
    }

    /** QMP cont, when this object stopped the device model; harmless when it did not. */
    void resume() {
        if (!stopped) {
            return;
        }
        try (QmpClient qmp = QmpClient.connect(qmpSocket, "the device model of " + name, QMP_TIMEOUT)) {
            qmp.execute("cont", null);
        }
        stopped = false;
        LOG.debug("{}: device model runs again", name);
    }

    boolean stopped() {
        return stopped;
    }
}
