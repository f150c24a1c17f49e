// Loads Flink configuration directories with Flink's own loader
// (GlobalConfiguration.loadConfiguration) and prints what Flink read, key by key.
//
// Input (stdin): one configuration directory per line. Output, per directory:
//   == <dir>
//   OK                       then one `<key>\t<value>` line per entry, keys sorted, with
//                            backslash, tab, CR and LF in keys and values escaped as \\ \t \r \n
//   FAIL <class>: <message>  when Flink cannot load the directory (causes follow as `CAUSE ...`)
// One JVM loads every directory: starting a JVM costs more than loading many files.
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

public final class LoadConfigurations {
    static String escape(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\\': b.append("\\\\"); break;
                case '\t': b.append("\\t"); break;
                case '\n': b.append("\\n"); break;
                case '\r': b.append("\\r"); break;
                default: b.append(c);
            }
        }
        return b.toString();
    }

    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        StringBuilder out = new StringBuilder();
        String dir;
        while ((dir = in.readLine()) != null) {
            if (dir.isEmpty()) continue;
            out.append("== ").append(dir).append('\n');
            try {
                Map<String, String> map = new TreeMap<>(
                    org.apache.flink.configuration.GlobalConfiguration.loadConfiguration(dir).toMap());
                out.append("OK\n");
                for (Map.Entry<String, String> e : map.entrySet()) {
                    out.append(escape(e.getKey())).append('\t').append(escape(e.getValue())).append('\n');
                }
            } catch (Throwable t) {
                out.append("FAIL ").append(t.getClass().getName()).append(": ")
                    .append(escape(String.valueOf(t.getMessage()))).append('\n');
                for (Throwable c = t.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
                    out.append("CAUSE ").append(c.getClass().getName()).append(": ")
                        .append(escape(String.valueOf(c.getMessage()))).append('\n');
                }
            }
        }
        System.out.print(out);
        System.out.flush();
    }
}
