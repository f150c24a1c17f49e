// Shared by the harnesses of this directory: they read configuration directories from standard
// input, one per line, write `== <dir>` and what Flink did with it, and print everything at the
// end on the standard output the JVM started with (one JVM handles every directory).
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

final class ConfigDirs {
    /** The standard output the JVM started with (harnesses may redirect System.out). */
    static final PrintStream STDOUT = System.out;

    /** What a harness does with one directory. */
    interface Each {
        void run(String dir, StringBuilder out) throws Exception;
    }

    static void forEach(Each each) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        StringBuilder out = new StringBuilder();
        String dir;
        while ((dir = in.readLine()) != null) {
            if (dir.isEmpty()) continue;
            out.append("== ").append(dir).append('\n');
            each.run(dir, out);
        }
        STDOUT.print(out);
        STDOUT.flush();
    }

    /** Text on one line: backslash, tab, CR and LF escaped as \\ \t \r \n. */
    static String escape(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : String.valueOf(s).toCharArray()) {
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
}
