// Reads values the way Flink's Configuration reads a typed option: Configuration.get(option)
// over a string value, for an option of each type the option catalogue names
// (data/flink-options.tsv), built with ConfigOptions.key(...).<type>().
//
// Input (stdin), one case per line, tab-separated: key, type, value. The type is the
// catalogue's (int, long, float, double, boolean, duration, memory, map, string,
// enum:<class>:<values>, list:<type>); in the value \t, \n and \\ stand for a tab, a line break
// and a backslash.
// Output, one line per case: OK, or FAIL and the message of the exception with each cause's
// appended after " Caused by: "; NOCLASS when the enum class is not on the class path (an
// option of a jar outside lib/).
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;

public final class ParseValues {
    public static void main(String[] args) throws Exception {
        BufferedReader in =
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        StringBuilder out = new StringBuilder();
        String line;
        while ((line = in.readLine()) != null) {
            String[] fields = line.split("\t", 3);
            String key = fields[0];
            String value = unescape(fields[2]);
            ConfigOption<?> option;
            try {
                option = option(key, fields[1]);
            } catch (ClassNotFoundException e) {
                out.append("NOCLASS\n");
                continue;
            }
            try {
                Configuration conf = new Configuration();
                conf.setString(key, value);
                conf.get(option);
                out.append("OK\n");
            } catch (Throwable t) {
                StringBuilder message = new StringBuilder(String.valueOf(t.getMessage()));
                for (Throwable cause = t.getCause(); cause != null; cause = cause.getCause()) {
                    message.append(" Caused by: ").append(cause.getMessage());
                }
                out.append("FAIL ").append(escape(message.toString())).append('\n');
            }
        }
        System.out.print(out);
        System.out.flush();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ConfigOption<?> option(String key, String type) throws Exception {
        ConfigOptions.OptionBuilder builder = ConfigOptions.key(key);
        boolean list = type.startsWith("list:");
        String element = list ? type.substring(5) : type;
        ConfigOptions.TypedConfigOptionBuilder<?> typed;
        switch (element) {
            case "int": typed = builder.intType(); break;
            case "long": typed = builder.longType(); break;
            case "float": typed = builder.floatType(); break;
            case "double": typed = builder.doubleType(); break;
            case "boolean": typed = builder.booleanType(); break;
            case "duration": typed = builder.durationType(); break;
            case "memory": typed = builder.memoryType(); break;
            case "map": typed = builder.mapType(); break;
            case "string": typed = builder.stringType(); break;
            default:
                // enum:<class>:<values>
                String className = element.substring(5, element.indexOf(':', 5));
                typed = builder.enumType((Class) Class.forName(className));
        }
        return list ? typed.asList().noDefaultValue() : typed.noDefaultValue();
    }

    private static String unescape(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                char next = text.charAt(++i);
                out.append(next == 't' ? '\t' : next == 'n' ? '\n' : next);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n");
    }
}
