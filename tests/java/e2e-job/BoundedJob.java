// A small bounded streaming job for the end-to-end tests (tests/flink_e2e.rs): doubles the
// numbers 0..n-1 (n = the first argument, default 1000) on the cluster's task slots, prints a
// checksum line per number to the TaskManagers' stdout, and finishes.
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

public final class BoundedJob {
    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        Integer[] numbers = new Integer[count];
        for (int i = 0; i < count; i++) {
            numbers[i] = i;
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.fromElements(numbers)
            .map(new MapFunction<Integer, String>() {
                @Override
                public String map(Integer value) {
                    return "flink-render e2e " + value + " -> " + (2 * value);
                }
            })
            .print();
        env.execute("flink-render e2e bounded job");
    }
}
