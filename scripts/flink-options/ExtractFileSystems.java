// Lists the URI schemes one Flink distribution serves only through a file-system plugin, with
// the plugins that serve each: the map Flink's FileSystem keeps to name the missing plugin in
// its error. Run by scripts/gen-flink-options, once per Flink version, with that version's jars
// on a class loader of its own (nothing of Flink is copied).
//
// Usage: java ExtractFileSystems FLINK_HOME > filesystems.tsv
// Output, one line per scheme, tab-separated: scheme  plugins (comma-separated, Flink's order).
// A version without the map (before Flink 1.11) prints nothing.
import java.lang.reflect.Field;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

public final class ExtractFileSystems {
    public static void main(String[] args) throws Exception {
        URLClassLoader loader = FlinkJars.loader(FlinkJars.jars(args[0], "lib"));
        Class<?> fileSystem = Class.forName("org.apache.flink.core.fs.FileSystem", false, loader);
        Field field;
        try {
            field = fileSystem.getDeclaredField("DIRECTLY_SUPPORTED_FILESYSTEM");
        } catch (NoSuchFieldException e) {
            System.exit(0);
            return;
        }
        field.setAccessible(true);
        Object multimap = field.get(null);
        // A (shaded) Guava Multimap: asMap() gives scheme -> plugins in insertion order.
        Map<?, ?> byScheme = (Map<?, ?>) multimap.getClass().getMethod("asMap").invoke(multimap);
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<?, ?> entry : byScheme.entrySet()) {
            List<String> plugins = new ArrayList<>();
            for (Object plugin : (Collection<?>) entry.getValue()) {
                plugins.add(String.valueOf(plugin));
            }
            out.put(String.valueOf(entry.getKey()), String.join(",", plugins));
        }
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, String> entry : out.entrySet()) {
            text.append(entry.getKey()).append('\t').append(entry.getValue()).append('\n');
        }
        System.out.print(text);
        System.out.flush();
        System.exit(0);
    }
}
