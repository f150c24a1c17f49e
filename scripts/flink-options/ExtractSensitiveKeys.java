// Lists the fragments that make a configuration key sensitive in one Flink distribution: a key
// holding one (ignoring case) has its value hidden in Flink's logs and messages
// (GlobalConfiguration.SENSITIVE_KEYS). Run by scripts/gen-flink-options, once per Flink
// version, with that version's jars on a class loader of its own (nothing of Flink is copied).
//
// Usage: java ExtractSensitiveKeys FLINK_HOME > sensitive.tsv
// Output, one line per fragment, tab-separated: fragment  "-" (no further facts).
import java.io.File;
import java.lang.reflect.Field;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

public final class ExtractSensitiveKeys {
    public static void main(String[] args) throws Exception {
        File[] files = new File(args[0], "lib").listFiles();
        List<URL> urls = new ArrayList<>();
        if (files != null) {
            java.util.Arrays.sort(files);
            for (File f : files) {
                if (f.getName().endsWith(".jar")) {
                    urls.add(f.toURI().toURL());
                }
            }
        }
        URLClassLoader loader =
                new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
        Class<?> global =
                Class.forName("org.apache.flink.configuration.GlobalConfiguration", false, loader);
        Field field = global.getDeclaredField("SENSITIVE_KEYS");
        field.setAccessible(true);
        TreeSet<String> fragments = new TreeSet<>();
        for (Object fragment : (Object[]) field.get(null)) {
            fragments.add(String.valueOf(fragment));
        }
        StringBuilder text = new StringBuilder();
        for (String fragment : fragments) {
            text.append(fragment).append("\t-\n");
        }
        System.out.print(text);
        System.out.flush();
        System.exit(0);
    }
}
