package io.livemig.cli;

import io.livemig.engine.PolicyConsultation;
import io.livemig.engine.RoundStats;
import io.livemig.engine.SaveResult;
import io.livemig.policy.PrecopyMetrics;
import io.livemig.stream.StreamFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The migration report of a save ({@code --report FILE.json}, {@code --report-html FILE.html}):
 * every round, every policy consultation with what the policy saw and answered (and whether the
 * operator decided it), the downtime and the totals. The HTML page is self-contained: the JSON
 * inline, and a script that draws the charts as SVG (dirty pages and bandwidth per round, the
 * estimated downtime at each consultation against the downtime measured), no network.
 *
 * @param guest         what was saved (domain name)
 * @param policy        the policy spec as given
 * @param workload      the simulated guest's workload, or null
 * @param outcome       completed, aborted or failed
 * @param error         the failure's one line, or null
 * @param result        what the engine did (complete, or partial after a failure)
 * @param decidedBy     for an aborted save, "policy" or "operator" (who ended it); else null
 * @param control       the control commands received, or empty
 */
record SaveReport(String guest, String policy, String workload, String outcome, String error, SaveResult result,
                  String decidedBy, List<ControlServer.Event> control) {

    static final int VERSION = 1;

    String json() {
        SaveResult r = result;
        JsonWriter w = new JsonWriter().beginObject();
        w.string("report", "livemig save").number("version", VERSION);
        w.string("guest", guest).number("pfns", r.pfnCount()).number("pageSize", StreamFormat.PAGE_SIZE);
        w.string("policy", policy).string("workload", workload).bool("live", r.live());
        w.number("maxBandwidth", r.maxBandwidth()).number("maxBandwidthSuspended", r.maxBandwidthSuspended());
        w.string("outcome", outcome).string("abortedBy", decidedBy).string("error", error);
        w.string("started", text(r.started())).string("suspendedAt", text(r.suspendedAt()))
                .string("endWrittenAt", text(r.endWrittenAt()));

        w.name("totals").beginObject();
        w.number("liveRounds", r.liveRounds()).number("pagesSent", r.pagesSent());
        w.number("pagesSentOverGuestPages", r.pfnCount() == 0 ? 0 : (double) r.pagesSent() / r.pfnCount());
        w.number("bytes", r.bytesWritten()).number("records", r.records());
        w.number("totalSeconds", seconds(r.started(), r.endWrittenAt()));
        w.number("downtimeSeconds", r.suspendedAt() == null || r.endWrittenAt() == null ? Double.NaN
                : r.downtime().toNanos() / 1e9);
        w.endObject();

        w.name("rounds").beginArray();
        for (RoundStats s : r.rounds()) {
            w.beginObject().number("iteration", s.iteration()).bool("live", s.live()).bool("verify", s.verify()).number("dirtyPages", s.dirtyPages())
                    .number("pagesSent", s.pagesSent()).number("entries", s.entriesSent()).number("deferred", s.deferred())
                    .number("records", s.records()).number("bytes", s.bytes()).number("seconds", s.nanos() / 1e9)
                    .number("bandwidth", s.bytesPerSecond()).number("bandwidthLimit", s.bandwidthLimit())
                    .number("throttlePercent", s.throttle()).endObject();
        }
        w.endArray();

        w.name("consultations").beginArray();
        List<PolicyConsultation> cs = r.consultations();
        for (int i = 0; i < cs.size(); i++) {
            PolicyConsultation c = cs.get(i);
            w.beginObject().number("iteration", c.stats().iteration()).number("totalWritten", c.stats().totalWritten());
            w.measured("dirtyCount", c.stats().dirtyCount()).string("decision", c.decision().name());
            w.string("decidedBy", c.decidedBy().word()).string("operatorReason", c.reason());
            PrecopyMetrics m = c.metrics();
            if (m != null) {
                w.number("elapsedSeconds", m.elapsedNanos() / 1e9);
                w.number("roundSeconds", m.roundNanos() / 1e9).number("roundBytes", m.roundBytes());
                w.number("previousRoundSeconds", m.previousRoundNanos() / 1e9).number("previousRoundBytes", m.previousRoundBytes());
                w.measured("roundBandwidth", m.roundBandwidth()).measured("windowBandwidth", m.windowBandwidth());
                w.measured("bandwidth", m.bandwidth()).measured("dirtyRate", m.dirtyRate());
                w.measured("remainingPages", m.remainingPages());
                long est = m.estimatedDowntimeNanos();
                w.measured("estimatedDowntimeSeconds", est < 0 ? -1 : est / 1e9);
                w.measured("operatorDowntimeTargetSeconds", m.downtimeTargetNanos() < 0 ? -1 : m.downtimeTargetNanos() / 1e9);
            }
            w.endObject();
        }
        w.endArray();

        w.name("control").beginArray();
        for (ControlServer.Event e : control) {
            w.beginObject().number("atSeconds", e.atNanos() / 1e9).number("consultationsBefore", e.consultationsBefore())
                    .string("command", e.command()).string("reply", e.reply()).endObject();
        }
        w.endArray();
        return w.endObject().toString();
    }

    /** The page: the template with the JSON in its data block. */
    String html() throws IOException {
        String template;
        try (InputStream in = SaveReport.class.getResourceAsStream("report-template.html")) {
            if (in == null) {
                throw new IOException("report-template.html is missing from the class path");
            }
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String title = "livemig report: " + guest + ", policy " + policy;
        return template.replace("@TITLE@", escapeHtml(title)).replace("@DATA@", json());
    }

    void write(Path json, Path html) throws IOException {
        if (json != null) {
            atomicWrite(json, json() + "\n");
        }
        if (html != null) {
            atomicWrite(html, html());
        }
    }

    private static void atomicWrite(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }

    private static double seconds(Instant from, Instant to) {
        return from == null || to == null ? Double.NaN : Duration.between(from, to).toNanos() / 1e9;
    }

    private static String escapeHtml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
