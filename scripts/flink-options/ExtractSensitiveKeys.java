// Lists the fragments that make a configuration key sensitive in one Flink distribution: a key
// holding one (ignoring case) has its value hidden in Flink's logs and messages
// (GlobalConfiguration.SENSITIVE_KEYS). Run by scripts/gen-flink-options, once per Flink
// version, with that version's jars on a class loader of its own (nothing of Flink is copied).
//
// Usage: java ExtractSensitiveKeys FLINK_HOME > sensitive.tsv
// Output, one line per fragment, tab-separated: fragment  "-" (no further facts).
import java.lang.reflect.Field;
import java.net.URLClassLoader;
import java.util.TreeSet;

public final class ExtractSensitiveKeys {
    public static void main(String[] args) throws Exception {
        URLClassLoader loader = FlinkJars.loader(FlinkJars.jars(args[0], "lib"));
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
