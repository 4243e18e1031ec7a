package io.featurelens.core;

import io.featurelens.model.Layer;

import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/** Which filters (channels) of a layer to return: all, or indices and ranges such as {@code 0-7,12}. */
public record FilterSelection(List<int[]> ranges) {

    public static final FilterSelection ALL = new FilterSelection(null);

    private static final Pattern ITEM = Pattern.compile("(\\d{1,6})(?:\\s*-\\s*(\\d{1,6}))?");

    public static FilterSelection parse(String spec) {
        if (spec == null || spec.isBlank() || spec.trim().equalsIgnoreCase("all")) {
            return ALL;
        }
        List<int[]> ranges = new java.util.ArrayList<>();
        for (String item : spec.split(",", -1)) {
            Matcher m = ITEM.matcher(item.trim());
            if (!m.matches()) {
                throw RejectedRequestException.badRequest("malformed filters '" + Text.clip(spec)
                        + "': use all, or indices and ranges such as 0-7,12");
            }
            int from = Integer.parseInt(m.group(1));
            int to = m.group(2) == null ? from : Integer.parseInt(m.group(2));
            if (to < from) {
                throw RejectedRequestException.badRequest("reversed filter range " + from + "-" + to
                        + ": write it as " + to + "-" + from);
            }
            ranges.add(new int[] {from, to});
        }
        return new FilterSelection(List.copyOf(ranges));
    }

    public boolean isAll() {
        return ranges == null;
    }

    /** The selected channel indices of {@code layer}, ascending and distinct. */
    public int[] resolve(Layer layer) {
        if (isAll()) {
            return IntStream.range(0, layer.channels()).toArray();
        }
        TreeSet<Integer> indices = new TreeSet<>();
        for (int[] range : ranges) {
            if (range[1] >= layer.channels()) {
                throw RejectedRequestException.badRequest("filter " + range[1] + " is out of range: "
                        + layer.name() + " has " + layer.channels() + " filters (0-" + (layer.channels() - 1) + ")");
            }
            IntStream.rangeClosed(range[0], range[1]).forEach(indices::add);
        }
        return indices.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public String toString() {
        if (isAll()) {
            return "all";
        }
        return String.join(",", ranges.stream().map(r -> r[0] == r[1] ? "" + r[0] : r[0] + "-" + r[1]).toList());
    }
}
