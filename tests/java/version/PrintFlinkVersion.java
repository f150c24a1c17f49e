// Prints the version of the Flink classes on the class path, as Flink reports it about itself.
// Used by tests/flink_tools.rs to check that each pinned distribution is the version it claims.
public final class PrintFlinkVersion {
    public static void main(String[] args) {
        System.out.println(org.apache.flink.runtime.util.EnvironmentInformation.getVersion());
    }
}
