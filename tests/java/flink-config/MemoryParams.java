// Runs Flink's own BashJavaUtils (what taskmanager.sh and jobmanager.sh call to size the JVM)
// over many configuration directories in one JVM, and prints what it printed or threw.
//
// Input (stdin): one configuration directory per line. Output, per directory:
//   == <dir>
//   then for the TaskManager (TM) and the JobManager (JM):
//   <TM|JM> OK        followed by `<TM|JM> LINE <text>` for each result line Flink printed
//   <TM|JM> FAIL      followed by `<TM|JM> EXC <class>: <message>` for the exception and each
//                     cause (line breaks in messages escaped as \n)
//   JM NONE           when this Flink has no JobManager command (Flink 1.10)
// Commands: GET_TM_RESOURCE_PARAMS / GET_JM_RESOURCE_PARAMS --configDir DIR from Flink 1.11;
// Flink 1.10's GET_TM_RESOURCE_JVM_PARAMS then GET_TM_RESOURCE_DYNAMIC_CONFIGS.
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

public final class MemoryParams {
    private static final String PREFIX = "BASH_JAVA_UTILS_EXEC_RESULT:";

    /** BashJavaUtils: in package runtime.util.bash from Flink 1.11, runtime.util in 1.10. */
    static String utils() {
        try {
            Class.forName("org.apache.flink.runtime.util.bash.BashJavaUtils");
            return "org.apache.flink.runtime.util.bash.BashJavaUtils";
        } catch (ClassNotFoundException e) {
            return "org.apache.flink.runtime.util.BashJavaUtils";
        }
    }

    static boolean hasCommand(String name) throws Exception {
        Class<?> commands = Class.forName(utils() + "$Command");
        for (Object c : commands.getEnumConstants()) {
            if (((Enum<?>) c).name().equals(name)) return true;
        }
        return false;
    }

    /** Runs BashJavaUtils.main with args; returns the result lines, or throws what it threw. */
    static List<String> run(Method main, String... args) throws Throwable {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, "UTF-8"));
        try {
            main.invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        } finally {
            System.setOut(ConfigDirs.STDOUT);
        }
        List<String> lines = new ArrayList<>();
        for (String line : captured.toString("UTF-8").split("\n")) {
            if (line.startsWith(PREFIX)) lines.add(line.substring(PREFIX.length()));
        }
        return lines;
    }

    static void report(StringBuilder out, String who, String[][] commands, Method main) {
        List<String> lines = new ArrayList<>();
        try {
            for (String[] command : commands) lines.addAll(run(main, command));
        } catch (Throwable t) {
            out.append(who).append(" FAIL\n");
            for (Throwable c = t; c != null; c = (c.getCause() == c ? null : c.getCause())) {
                out.append(who).append(" EXC ").append(c.getClass().getName()).append(": ")
                    .append(ConfigDirs.escape(c.getMessage())).append('\n');
            }
            return;
        }
        out.append(who).append(" OK\n");
        for (String line : lines) out.append(who).append(" LINE ").append(ConfigDirs.escape(line)).append('\n');
    }

    public static void main(String[] args) throws Exception {
        Method main = Class.forName(utils()).getMethod("main", String[].class);
        boolean legacy = hasCommand("GET_TM_RESOURCE_JVM_PARAMS");
        boolean jobManager = hasCommand("GET_JM_RESOURCE_PARAMS");
        ConfigDirs.forEach((dir, out) -> {
            if (legacy) {
                report(out, "TM", new String[][] {
                    {"GET_TM_RESOURCE_JVM_PARAMS", "--configDir", dir},
                    {"GET_TM_RESOURCE_DYNAMIC_CONFIGS", "--configDir", dir}}, main);
            } else {
                report(out, "TM", new String[][] {{"GET_TM_RESOURCE_PARAMS", "--configDir", dir}}, main);
            }
            if (jobManager) {
                report(out, "JM", new String[][] {{"GET_JM_RESOURCE_PARAMS", "--configDir", dir}}, main);
            } else {
                out.append("JM NONE\n");
            }
        });
    }
}
