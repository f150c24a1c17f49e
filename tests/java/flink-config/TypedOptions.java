// Reads two collection-typed options from Flink configuration directories the way Flink's code
// reads them (Configuration.get with the option): `pipeline.jars` (a list) and
// `pipeline.global-job-parameters` (a map).
//
// Input (stdin): one configuration directory per line. Output, per directory:
//   == <dir>
//   LIST <the list, as Java prints it>
//   MAP <the map with sorted keys, as Java prints it>
//   (or FAIL <class>: <message>)
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.PipelineOptions;

public final class TypedOptions {
    public static void main(String[] args) throws Exception {
        ConfigDirs.forEach((dir, out) -> {
            try {
                Configuration conf = GlobalConfiguration.loadConfiguration(dir);
                out.append("LIST ").append(ConfigDirs.escape(String.valueOf(conf.get(PipelineOptions.JARS))))
                    .append('\n');
                Map<String, String> map = conf.get(PipelineOptions.GLOBAL_JOB_PARAMETERS);
                out.append("MAP ").append(ConfigDirs.escape(String.valueOf(map == null ? null : new TreeMap<>(map))))
                    .append('\n');
            } catch (Throwable t) {
                out.append("FAIL ").append(t.getClass().getName()).append(": ")
                    .append(ConfigDirs.escape(t.getMessage())).append('\n');
            }
        });
    }
}
