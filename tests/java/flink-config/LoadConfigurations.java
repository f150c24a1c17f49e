// Loads Flink configuration directories with Flink's own loader
// (GlobalConfiguration.loadConfiguration) and prints what Flink read, key by key.
//
// Input (stdin): one configuration directory per line. Output, per directory:
//   == <dir>
//   OK                       then one `<key>\t<value>` line per entry, keys sorted, escaped
//                            as ConfigDirs.escape does
//   FAIL <class>: <message>  when Flink cannot load the directory (causes follow as `CAUSE ...`)
import java.util.Map;
import java.util.TreeMap;

public final class LoadConfigurations {
    public static void main(String[] args) throws Exception {
        ConfigDirs.forEach((dir, out) -> {
            try {
                Map<String, String> map = new TreeMap<>(
                    org.apache.flink.configuration.GlobalConfiguration.loadConfiguration(dir).toMap());
                out.append("OK\n");
                for (Map.Entry<String, String> e : map.entrySet()) {
                    out.append(ConfigDirs.escape(e.getKey())).append('\t')
                        .append(ConfigDirs.escape(e.getValue())).append('\n');
                }
            } catch (Throwable t) {
                out.append("FAIL ").append(t.getClass().getName()).append(": ")
                    .append(ConfigDirs.escape(t.getMessage())).append('\n');
                for (Throwable c = t.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
                    out.append("CAUSE ").append(c.getClass().getName()).append(": ")
                        .append(ConfigDirs.escape(c.getMessage())).append('\n');
                }
            }
        });
    }
}
