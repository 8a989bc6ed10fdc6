package io.livemig.bench;

import io.livemig.util.Sizes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * {@code scripts/bench --scale}: one migration per guest size between livemig's own processes
 * over loopback TCP ({@code scripts/livemig save --sim SIZE [--populated P] --workload idle} into
 * {@code scripts/livemig receive --capacity SIZE}), and per size the save time per GiB sent, the
 * cost per page and per pfn entry, the first round's rate and the peak resident memory (VmHWM) of
 * the sender and the receiver, with the guest's memory taken out. Guests above {@code --populated}
 * (default 4 GiB) are sparse: only their first 4 GiB are memory, the pfns above go out as XTAB
 * entries without data. Prints a table, writes scale.md, scale-time.png and scale-memory.png.
 *
 * <p>Engine memory: the sender's VmHWM minus the guest's populated bytes (the simulated guest is
 * the sender's own memory, all of it resident after the prefill), the receiver's VmHWM minus the
 * pages it received (nothing else is preallocated). Expected: a constant (the JVM, measured on
 * the smallest guest) plus one bit per pfn for each bitmap: three in the sender (the engine's two
 * and the simulated hypervisor's log-dirty bitmap), one in the receiver (the destination's
 * populated pages); 32 MiB per TiB each.
 */
public final class ScaleBench {
    static final long MIB = 1L << 20;
    static final long GIB = 1L << 30;

    record Row(long size, long populated, long pfns, long dataPages, long streamBytes, long nanos, double firstRoundRate,
               long senderPeak, long receiverPeak, long receivedPages) {
        double secondsPerGiB() {
            return nanos / 1e9 / (streamBytes / (double) GIB);
        }

        double nsPerDataPage() {
            return nanos / (double) dataPages;
        }

        double nsPerEntry() {
            return nanos / (double) pfns;
        }

        long senderEngine() {
            return senderPeak - populated;
        }

        long receiverEngine() {
            return receiverPeak - receivedPages * 4096;
        }

        long bitmap() {
            return (pfns + 7) / 8;
        }
    }

    public static void main(String[] args) throws Exception {
        Path livemig = null;
        Path out = null;
        String sizes = "1G,4G,16G,64G,1T";
        String populatedCap = "4G";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--livemig" -> livemig = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--sizes" -> sizes = args[++i];
                case "--populated" -> populatedCap = args[++i];
                default -> {
                    System.err.println("scale: unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        if (livemig == null || out == null) {
            System.err.println("scale: --livemig and --out are needed");
            System.exit(2);
        }
        long cap = Sizes.parse(populatedCap);
        List<Long> guestSizes = new ArrayList<>();
        for (String s : sizes.split(",")) {
            guestSizes.add(Sizes.parse(s.trim()));
        }
        Path work = Files.createDirectories(out.resolve("scale-runs"));
        System.out.printf(Locale.ROOT, "scale: guests %s, idle, at most %s populated each, loopback TCP%n", sizes, Sizes.format(cap));
        List<Row> rows = new ArrayList<>();
        for (long size : guestSizes) {
            long populated = Math.min(size, cap);
            Row row = migrate(livemig, work.resolve(sizeName(size)), size, populated);
            System.out.printf(Locale.ROOT, "  %s (%s populated): %s in %.3f s, sender peak %s, receiver peak %s%n", Sizes.format(size),
                    Sizes.format(populated), Sizes.format(row.streamBytes()), row.nanos() / 1e9, Sizes.format(row.senderPeak()),
                    Sizes.format(row.receiverPeak()));
            rows.add(row);
        }
        String md = markdown(cap, rows);
        System.out.println();
        System.out.print(md);
        Files.writeString(out.resolve("scale.md"), md, StandardCharsets.UTF_8);
        charts(out, rows);
        System.out.println("scale: " + out.resolve("scale.md") + ", scale-time.png, scale-memory.png");
    }

    static String sizeName(long bytes) {
        return bytes % (1L << 40) == 0 ? (bytes >> 40) + "T" : bytes % GIB == 0 ? (bytes >> 30) + "G" : (bytes >> 20) + "M";
    }

    static Row migrate(Path livemig, Path dir, long size, long populated) throws Exception {
        List<String> sparse = populated < size ? List.of("--populated", sizeName(populated)) : List.of();
        LivemigPair pair = LivemigPair.run(livemig, dir, sizeName(size), List.of(), sparse, 1800);
        long dataPages = 0;
        for (int i = 0; i < pair.senderLong("rounds"); i++) {
            dataPages += pair.senderLong("round." + i + ".pages");
        }
        return new Row(size, populated, pair.senderLong("pfns"), dataPages, pair.senderLong("bytes"), pair.nanos(),
                pair.firstRoundRate(), pair.senderPeakBytes(), pair.receiverPeakBytes(), Long.parseLong(pair.receiver().getProperty("pages")));
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.0f", bytes / (double) MIB);
    }

    static String markdown(long cap, List<Row> rows) {
        Row base = rows.getFirst();
        long senderConstant = base.senderEngine() - 3 * base.bitmap();
        long receiverConstant = base.receiverEngine() - base.bitmap();
        StringBuilder b = new StringBuilder("# Scaling: guest size against save cost and memory\n\n");
        b.append(String.format(Locale.ROOT, "livemig save --sim SIZE --workload idle into livemig receive --capacity SIZE (not"
                + " preallocated), two processes over loopback TCP. Guests above %s are sparse: the first %s is memory, the"
                + " pfns above are unpopulated and go out as XTAB entries (8 bytes each, no data). Time: the save's start"
                + " until the receiver has read END.%n%n", Sizes.format(cap), Sizes.format(cap)));
        b.append("| guest | populated | pfn entries | data pages | stream | save time | s per GiB sent | ns per data page"
                + " | ns per pfn entry | first round | sender peak | sender engine | expected | receiver peak | receiver engine"
                + " | expected |\n");
        b.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            b.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %s | %.3f s | %.3f | %.0f | %.1f | %s/s | %s MiB | %s MiB |"
                            + " %s MiB | %s MiB | %s MiB | %s MiB |%n",
                    Sizes.format(r.size()), Sizes.format(r.populated()), r.pfns(), r.dataPages(), Sizes.format(r.streamBytes()),
                    r.nanos() / 1e9, r.secondsPerGiB(), r.nsPerDataPage(), r.nsPerEntry(), Sizes.format((long) r.firstRoundRate()),
                    mib(r.senderPeak()), mib(r.senderEngine()), mib(senderConstant + 3 * r.bitmap()), mib(r.receiverPeak()),
                    mib(r.receiverEngine()), mib(receiverConstant + r.bitmap())));
        }
        b.append(String.format(Locale.ROOT, "%nMemory: peak resident (VmHWM of /proc/PID/status, followed every 20 ms). Sender"
                + " engine = peak minus the populated guest (the simulated guest is the sender's own memory, all resident after"
                + " the prefill); receiver engine = peak minus the pages received. Expected = the constant measured on the %s"
                + " guest (sender %s MiB, receiver %s MiB) plus one bit per pfn per bitmap (32 MiB per TiB each): three in the"
                + " sender (the engine's two and the simulated hypervisor's log-dirty bitmap), one in the receiver (its"
                + " populated pages).%n", Sizes.format(base.size()), mib(senderConstant), mib(receiverConstant)));
        b.append("Cost: a full guest sends its pages (4 KiB each); a sparse one sends as many pages as its populated part plus one"
                + " 8-byte entry per unpopulated pfn, so flat means: ns per data page constant across the full guests, and"
                + " the time of the sparse ones explained by their data pages plus a small cost per entry.\n");
        return b.toString();
    }

    static void charts(Path out, List<Row> rows) throws Exception {
        List<Double> x = rows.stream().map(r -> r.size() / (double) GIB).toList();
        XYChart time = new XYChartBuilder().width(960).height(600).title("Save cost against guest size (idle guest, loopback)")
                .xAxisTitle("guest size (GiB of pfns; above the populated size: sparse)").yAxisTitle("ns").build();
        style(time);
        time.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(true);
        time.addSeries("ns per data page sent", x, rows.stream().map(Row::nsPerDataPage).toList()).setMarker(SeriesMarkers.CIRCLE);
        time.addSeries("ns per pfn entry sent", x, rows.stream().map(Row::nsPerEntry).toList()).setMarker(SeriesMarkers.DIAMOND);
        BitmapEncoder.saveBitmap(time, out.resolve("scale-time.png").toString(), BitmapEncoder.BitmapFormat.PNG);

        Row base = rows.getFirst();
        long sc = base.senderEngine() - 3 * base.bitmap();
        long rc = base.receiverEngine() - base.bitmap();
        XYChart mem = new XYChartBuilder().width(960).height(600).title("Engine memory against guest size (peak resident minus guest pages)")
                .xAxisTitle("guest size (GiB of pfns)").yAxisTitle("MiB").build();
        style(mem);
        mem.getStyler().setXAxisLogarithmic(true);
        mem.addSeries("sender, measured", x, rows.stream().map(r -> r.senderEngine() / (double) MIB).toList()).setMarker(SeriesMarkers.CIRCLE);
        mem.addSeries("sender, constant + 3 bitmaps", x, rows.stream().map(r -> (sc + 3 * r.bitmap()) / (double) MIB).toList())
                .setMarker(SeriesMarkers.NONE);
        mem.addSeries("receiver, measured", x, rows.stream().map(r -> r.receiverEngine() / (double) MIB).toList())
                .setMarker(SeriesMarkers.DIAMOND);
        mem.addSeries("receiver, constant + 1 bitmap", x, rows.stream().map(r -> (rc + r.bitmap()) / (double) MIB).toList())
                .setMarker(SeriesMarkers.NONE);
        BitmapEncoder.saveBitmap(mem, out.resolve("scale-memory.png").toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static void style(XYChart chart) {
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Vertical);
        chart.getStyler().setMarkerSize(7);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
    }
}
