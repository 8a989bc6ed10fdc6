package io.livemig.backend.xen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The QMP client against the stand-in monitor: real Unix socket, real JSON, scripted failures. */
class QmpClientTest {
    @TempDir
    Path dir;

    @Test
    void commandsAreAnsweredAndEventsSkipped() throws Exception {
        Path socket = dir.resolve("qmp");
        try (StandInQmp qemu = new StandInQmp(socket, new byte[] {1, 2, 3});
             QmpClient qmp = QmpClient.connect(socket, "the device model of domid 5", Duration.ofSeconds(10))) {
            qmp.execute("stop", null); // QEMU sends the STOP event before the answer
            JsonObject arguments = new JsonObject();
            Path file = dir.resolve("state");
            arguments.addProperty("filename", file.toString());
            arguments.addProperty("live", true);
            assertTrue(qmp.execute("xen-save-devices-state", arguments).isJsonObject());
            assertEquals(List.of("qmp_capabilities", "stop", "xen-save-devices-state"), qemu.received());
            assertEquals(3, Files.size(file));
            assertTrue(qemu.arguments().get(2).get("live").getAsBoolean());
        }
    }

    @Test
    void aDescriptorTravelsWithAddFdAndQemuWritesThroughIt() throws Exception {
        Path socket = dir.resolve("qmp");
        Path file = dir.resolve("qemu-save.5");
        try (StandInQmp qemu = new StandInQmp(socket, new byte[] {7, 8, 9, 10});
             QmpClient qmp = QmpClient.connect(socket, "the device model of domid 5", Duration.ofSeconds(10))) {
            QmpClient.QmpException none = assertThrows(QmpClient.QmpException.class, () -> qmp.execute("add-fd", null));
            assertEquals("GenericError", none.errorClass(), "add-fd without a descriptor, as QEMU refuses it");
            int fd = UnixSocket.openForWriting(file);
            JsonObject answer;
            try {
                answer = qmp.execute("add-fd", null, fd).getAsJsonObject();
            } finally {
                UnixSocket.closeFd(fd);
            }
            assertEquals(0, answer.get("fdset-id").getAsInt());
            assertEquals(1, qemu.fdsets());
            JsonObject arguments = new JsonObject();
            arguments.addProperty("filename", "/dev/fdset/0");
            qmp.execute("xen-save-devices-state", arguments);
            // the stand-in wrote through the descriptor it received, not by the file's name
            assertArrayEquals(new byte[] {7, 8, 9, 10}, Files.readAllBytes(file));
            assertEquals(0, qemu.fdsets());
        }
    }

    @Test
    void anErrorIsOneLineNamingTheCommandAndQemusClass() throws Exception {
        Path socket = dir.resolve("qmp");
        try (StandInQmp qemu = new StandInQmp(socket, new byte[0]);
             QmpClient qmp = QmpClient.connect(socket, "the device model of domid 5", Duration.ofSeconds(10))) {
            qemu.fail("stop", StandInQmp.Failure.REFUSE);
            QmpClient.QmpException e = assertThrows(QmpClient.QmpException.class, () -> qmp.execute("stop", null));
            assertEquals("QMP stop to the device model of domid 5 (" + socket + ") failed: GenericError: stand-in refuses stop", e.getMessage());
            assertEquals("GenericError", e.errorClass());
        }
    }

    @Test
    void noAnswerInTimeAndAClosedSocketAreNamed() throws Exception {
        Path socket = dir.resolve("qmp");
        try (StandInQmp qemu = new StandInQmp(socket, new byte[0])) {
            qemu.fail("stop", StandInQmp.Failure.SILENT);
            qemu.fail("cont", StandInQmp.Failure.CLOSE);
            try (QmpClient qmp = QmpClient.connect(socket, "the device model of domid 5", Duration.ofMillis(300))) {
                QmpClient.QmpException e = assertThrows(QmpClient.QmpException.class, () -> qmp.execute("stop", null));
                assertEquals("QMP stop to the device model of domid 5 (" + socket + "): no answer within 300 ms", e.getMessage());
            }
            try (QmpClient qmp = QmpClient.connect(socket, "the device model of domid 5", Duration.ofSeconds(10))) {
                QmpClient.QmpException e = assertThrows(QmpClient.QmpException.class, () -> qmp.execute("cont", null));
                assertEquals("QMP cont to the device model of domid 5 (" + socket + "): the device model closed the connection", e.getMessage());
            }
        }
    }

    @Test
    void aMissingSocketSaysTheDeviceModelMayNotRun() {
        QmpClient.QmpException e = assertThrows(QmpClient.QmpException.class,
                () -> QmpClient.connect(dir.resolve("none"), "the device model of domid 5", Duration.ofSeconds(1)));
        assertTrue(e.getMessage().startsWith("QMP: cannot connect to the device model of domid 5 at " + dir.resolve("none")), e.getMessage());
        assertTrue(e.getMessage().endsWith("(is the domain's device model running?)"), e.getMessage());
    }
}
