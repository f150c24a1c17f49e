//! The worked examples of flink-native-spec.md §3.4, byte for byte, and every message of §3.6.

use std::collections::BTreeMap;

use super::options::{Conf, Profile, tm as tm_opt};
use super::process::{How, Jvm, Part};
use super::*;

fn entries(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn profile(version: &str) -> Profile {
    Profile::of(version).unwrap_or(Profile {
        version: (1, 20),
        patch: None,
    })
}

fn tm_in(
    version: &str,
    deployment: Deployment,
    pairs: &[(&str, &str)],
    env: &[(&str, &str)],
) -> Result<TaskManagerMemory, MemoryError> {
    let entries = entries(pairs);
    let env = self::entries(env);
    taskmanager::derive(&Conf::new(&entries, &env), &profile(version), deployment)
}

fn tm(pairs: &[(&str, &str)]) -> Result<TaskManagerMemory, MemoryError> {
    tm_in("1.20", Deployment::Standalone, pairs, &[])
}

fn jm(pairs: &[(&str, &str)]) -> Result<JobManagerMemory, MemoryError> {
    let entries = entries(pairs);
    let env = BTreeMap::new();
    jobmanager::derive(
        &Conf::new(&entries, &env),
        &profile("1.20"),
        Deployment::Standalone,
    )
}

fn tm_error(pairs: &[(&str, &str)]) -> String {
    match tm(pairs) {
        Ok(memory) => panic!("accepted: {memory:?}"),
        Err(e) => e.to_string(),
    }
}

fn jm_error(pairs: &[(&str, &str)]) -> String {
    match jm(pairs) {
        Ok(memory) => panic!("accepted: {memory:?}"),
        Err(e) => e.to_string(),
    }
}

/// The eight parts in the order of §3.4's tables, plus total Flink memory.
fn tm_bytes(m: &TaskManagerMemory) -> [i64; 9] {
    [
        m.overhead.size.bytes(),
        m.metaspace.size.bytes(),
        m.total_flink.bytes(),
        m.framework_heap.size.bytes(),
        m.framework_off_heap.size.bytes(),
        m.task_off_heap.size.bytes(),
        m.managed.size.bytes(),
        m.network.size.bytes(),
        m.task_heap.size.bytes(),
    ]
}

const NATIVE: Deployment = Deployment::Native {
    cpu_option: Opt {
        key: "kubernetes.taskmanager.cpu.amount",
        deprecated: &["kubernetes.taskmanager.cpu"],
        default: options::Default::Double(-1.0, "-1.0"),
    },
};

#[test]
fn task_manager_1728m() {
    let m = tm_in(
        "1.20",
        NATIVE,
        &[("taskmanager.memory.process.size", "1728m")],
        &[],
    )
    .expect("valid");
    assert_eq!(
        tm_bytes(&m),
        [
            201_326_592,
            268_435_456,
            1_342_177_280,
            134_217_728,
            134_217_728,
            0,
            536_870_920,
            134_217_730,
            402_653_174
        ]
    );
    let human: Vec<String> = [
        m.overhead.size,
        m.metaspace.size,
        m.total_flink,
        m.framework_heap.size,
        m.task_off_heap.size,
        m.managed.size,
        m.network.size,
        m.task_heap.size,
    ]
    .iter()
    .map(|s| s.human_short())
    .collect();
    assert_eq!(
        human,
        [
            "192.000mb",
            "256.000mb",
            "1.250gb",
            "128.000mb",
            "0 bytes",
            "512.000mb",
            "128.000mb",
            "384.000mb"
        ]
    );
    assert_eq!(
        m.jvm_args(),
        "-Xmx536870902 -Xms536870902 -XX:MaxDirectMemorySize=268435458 -XX:MaxMetaspaceSize=268435456"
    );
    assert_eq!(m.container_mebibytes(), 1728);
    assert_eq!(m.cpu_cores.value, 1.0);
    assert_eq!(
        m.dynamic_configs(),
        "-D taskmanager.memory.network.min=134217730b -D taskmanager.cpu.cores=1.0 -D taskmanager.memory.task.off-heap.size=0b -D taskmanager.memory.jvm-metaspace.size=268435456b -D external-resources=none -D taskmanager.memory.jvm-overhead.min=201326592b -D taskmanager.memory.framework.off-heap.size=134217728b -D taskmanager.memory.network.max=134217730b -D taskmanager.memory.framework.heap.size=134217728b -D taskmanager.memory.managed.size=536870920b -D taskmanager.memory.task.heap.size=402653174b -D taskmanager.numberOfTaskSlots=1 -D taskmanager.memory.jvm-overhead.max=201326592b"
    );
    // How each part got its size.
    assert_eq!(
        m.overhead.how,
        How::Bound {
            key: "taskmanager.memory.jvm-overhead.min",
            origin: Origin::Default,
            fraction_key: "taskmanager.memory.jvm-overhead.fraction",
            of: "total process memory"
        }
    );
    assert!(matches!(m.task_heap.how, How::Rest { .. }));
    assert!(matches!(
        m.managed.how,
        How::Fraction {
            key: "taskmanager.memory.managed.fraction",
            ..
        }
    ));
}

#[test]
fn task_manager_4096m_in_every_version_with_the_model() {
    for version in ["1.16", "1.17", "1.20", "2.0"] {
        let m = tm_in(
            version,
            Deployment::Standalone,
            &[("taskmanager.memory.process.size", "4096m")],
            &[],
        )
        .expect("valid");
        assert_eq!(
            tm_bytes(&m),
            [
                429_496_736,
                268_435_456,
                3_597_035_104,
                134_217_728,
                134_217_728,
                0,
                1_438_814_063,
                359_703_515,
                1_530_082_070
            ],
            "Flink {version}"
        );
        assert_eq!(
            m.jvm_args(),
            "-Xmx1664299798 -Xms1664299798 -XX:MaxDirectMemorySize=493921243 -XX:MaxMetaspaceSize=268435456"
        );
        assert_eq!(m.container_mebibytes(), 4096);
        let human: Vec<String> = [
            m.overhead.size,
            m.total_flink,
            m.managed.size,
            m.network.size,
            m.task_heap.size,
        ]
        .iter()
        .map(|s| s.human_short())
        .collect();
        assert_eq!(
            human,
            ["409.600mb", "3.350gb", "1.340gb", "343.040mb", "1.425gb"]
        );
    }
}

#[test]
fn task_manager_total_flink_1280m_is_the_1728m_process() {
    let m = tm(&[("taskmanager.memory.flink.size", "1280m")]).expect("valid");
    assert_eq!(m.total_process.bytes(), 1_811_939_328);
    assert_eq!(m.overhead.size.bytes(), 201_326_592);
    assert_eq!(
        m.jvm_args(),
        "-Xmx536870902 -Xms536870902 -XX:MaxDirectMemorySize=268435458 -XX:MaxMetaspaceSize=268435456"
    );
}

#[test]
fn task_manager_2048m_and_8192m() {
    let small = tm(&[("taskmanager.memory.process.size", "2048m")]).expect("valid");
    assert_eq!(
        (small.jvm_heap().bytes(), small.jvm_direct().bytes()),
        (697_932_173, 300_647_712)
    );
    let large = tm(&[("taskmanager.memory.process.size", "8192m")]).expect("valid");
    assert_eq!(
        (
            large.jvm_heap().bytes(),
            large.jvm_direct().bytes(),
            large.overhead.size.bytes()
        ),
        (3_597_035_049, 880_468_305, 858_993_472)
    );
}

#[test]
fn job_manager_1600m() {
    let m = jm(&[("jobmanager.memory.process.size", "1600m")]).expect("valid");
    assert_eq!(
        [
            m.overhead.size.bytes(),
            m.total_flink.bytes(),
            m.off_heap.size.bytes(),
            m.heap.size.bytes(),
            m.metaspace.size.bytes()
        ],
        [
            201_326_592,
            1_207_959_552,
            134_217_728,
            1_073_741_824,
            268_435_456
        ]
    );
    assert_eq!(
        m.jvm_args(),
        "-Xmx1073741824 -Xms1073741824 -XX:MaxMetaspaceSize=268435456"
    );
    assert_eq!(m.container_mebibytes(), 1600);
    assert_eq!(
        m.dynamic_configs(),
        "-D jobmanager.memory.off-heap.size=134217728b -D jobmanager.memory.jvm-overhead.min=201326592b -D jobmanager.memory.jvm-metaspace.size=268435456b -D jobmanager.memory.heap.size=1073741824b -D jobmanager.memory.jvm-overhead.max=201326592b"
    );
}

#[test]
fn job_manager_4096m_with_and_without_the_direct_memory_limit() {
    let m = jm(&[("jobmanager.memory.process.size", "4096m")]).expect("valid");
    assert_eq!(
        [
            m.overhead.size.bytes(),
            m.total_flink.bytes(),
            m.heap.size.bytes(),
            m.off_heap.size.bytes()
        ],
        [429_496_736, 3_597_035_104, 3_462_817_376, 134_217_728]
    );
    assert_eq!(
        m.jvm_args(),
        "-Xmx3462817376 -Xms3462817376 -XX:MaxMetaspaceSize=268435456"
    );
    let limited = jm(&[
        ("jobmanager.memory.process.size", "4096m"),
        ("jobmanager.memory.enable-jvm-direct-memory-limit", "true"),
    ])
    .expect("valid");
    assert_eq!(
        limited.jvm_args(),
        "-Xmx3462817376 -Xms3462817376 -XX:MaxDirectMemorySize=134217728 -XX:MaxMetaspaceSize=268435456"
    );
}

#[test]
fn version_differences() {
    // Flink 1.10.0: 96m metaspace, 1.10.1 and later (and a bare 1.10: the line's latest
    // release, what the image tag runs) 256m; 1.16: network at most 1g.
    let process = [("taskmanager.memory.process.size", "1728m")];
    for (version, metaspace) in [
        ("1.10.0", 96 << 20),
        ("v1.10.0", 96 << 20),
        ("1.10", 256 << 20),
        ("1.10.3", 256 << 20),
        ("1.10.1", 256 << 20),
    ] {
        let tm = tm_in(version, Deployment::Standalone, &process, &[]).expect("valid");
        assert_eq!(tm.metaspace.size.bytes(), metaspace, "{version}");
    }
    let big = [("taskmanager.memory.process.size", "32g")];
    let capped = tm_in("1.16", Deployment::Standalone, &big, &[]).expect("valid");
    assert_eq!(capped.network.size.bytes(), 1 << 30);
    let uncapped = tm_in("1.17", Deployment::Standalone, &big, &[]).expect("valid");
    assert!(uncapped.network.size.bytes() > 1 << 30);
    let analysis = analyze(
        &entries(&[]),
        &BTreeMap::new(),
        "1.9",
        Deployment::Standalone,
    );
    assert!(analysis.job_manager.is_none() && analysis.task_manager.is_none());
    let analysis = analyze(
        &entries(&[("taskmanager.memory.process.size", "1g")]),
        &BTreeMap::new(),
        "1.10",
        Deployment::Standalone,
    );
    assert!(
        analysis.job_manager.is_none(),
        "the JobManager model is 1.11"
    );
    assert!(analysis.task_manager.is_some());
}

#[test]
fn legacy_heap_options_map_by_deployment() {
    // Standalone: taskmanager.heap.size is the total Flink size; native: the process size.
    let heap = [("taskmanager.heap.size", "1280m")];
    let standalone = tm_in("1.18", Deployment::Standalone, &heap, &[]).expect("valid");
    assert_eq!(standalone.total_flink.bytes(), 1280 << 20);
    let native = tm_in("1.18", NATIVE, &heap, &[]).expect("valid");
    assert_eq!(native.total_process.bytes(), 1280 << 20);
    // The environment variable comes first; Flink 2.0 reads none of them.
    let from_env = tm_in("1.18", NATIVE, &heap, &[("FLINK_TM_HEAP", "2g")]).expect("valid");
    assert_eq!(from_env.total_process.bytes(), 2 << 30);
    assert!(tm_in("2.0", NATIVE, &heap, &[]).is_err());
    let jm_heap = {
        let entries = entries(&[("jobmanager.heap.size", "1g")]);
        let env = BTreeMap::new();
        jobmanager::derive(
            &Conf::new(&entries, &env),
            &profile("1.18"),
            Deployment::Standalone,
        )
        .expect("valid")
    };
    assert_eq!(jm_heap.heap.size.bytes(), 1 << 30);
}

// ---- §3.6: every message -------------------------------------------------------------

#[test]
fn nothing_configured() {
    assert_eq!(
        tm_error(&[]),
        "TaskManager memory configuration failed: Either required fine-grained memory (taskmanager.memory.task.heap.size and taskmanager.memory.managed.size), or Total Flink Memory size (Key: 'taskmanager.memory.flink.size' , default: null (fallback keys: [])), or Total Process Memory size (Key: 'taskmanager.memory.process.size' , default: null (fallback keys: [])) need to be configured explicitly."
    );
    assert_eq!(
        jm_error(&[]),
        "JobManager memory configuration failed: Either required fine-grained memory (jobmanager.memory.heap.size), or Total Flink Memory size (Key: 'jobmanager.memory.flink.size' , default: null (fallback keys: [])), or Total Process Memory size (Key: 'jobmanager.memory.process.size' , default: null (fallback keys: [])) need to be configured explicitly."
    );
}

#[test]
fn metaspace_and_overhead_exceed_the_process() {
    assert_eq!(
        tm_error(&[("taskmanager.memory.process.size", "400m")]),
        "TaskManager memory configuration failed: Sum of configured JVM Metaspace (256.000mb (268435456 bytes)) and JVM Overhead (192.000mb (201326592 bytes)) exceed configured Total Process Memory (400.000mb (419430400 bytes))."
    );
    assert_eq!(
        jm_error(&[("jobmanager.memory.process.size", "400m")]),
        "JobManager memory configuration failed: Sum of configured JVM Metaspace (256.000mb (268435456 bytes)) and JVM Overhead (192.000mb (201326592 bytes)) exceed configured Total Process Memory (400.000mb (419430400 bytes))."
    );
}

#[test]
fn parts_exceed_total_flink_memory() {
    assert_eq!(
        tm_error(&[("taskmanager.memory.process.size", "512m")]),
        "TaskManager memory configuration failed: Sum of configured Framework Heap Memory (128.000mb (134217728 bytes)), Framework Off-Heap Memory (128.000mb (134217728 bytes)), Task Off-Heap Memory (0 bytes), Managed Memory (25.600mb (26843546 bytes)) and Network Memory (64.000mb (67108864 bytes)) exceed configured Total Flink Memory (64.000mb (67108864 bytes))."
    );
    assert_eq!(
        tm_error(&[
            ("taskmanager.memory.process.size", "1728m"),
            ("taskmanager.memory.task.heap.size", "1g"),
        ]),
        "TaskManager memory configuration failed: Sum of configured Framework Heap Memory (128.000mb (134217728 bytes)), Framework Off-Heap Memory (128.000mb (134217728 bytes)), Task Heap Memory (1024.000mb (1073741824 bytes)), Task Off-Heap Memory (0 bytes) and Managed Memory (512.000mb (536870920 bytes)) exceed configured Total Flink Memory (1.250gb (1342177280 bytes))."
    );
}

#[test]
fn process_less_than_flink_and_metaspace() {
    assert_eq!(
        tm_error(&[
            ("taskmanager.memory.flink.size", "1g"),
            ("taskmanager.memory.process.size", "1g"),
        ]),
        "TaskManager memory configuration failed: The configured Total Process Memory size (1024.000mb (1073741824 bytes)) is less than the sum of the derived Total Flink Memory size (1024.000mb (1073741824 bytes)) and the configured or default JVM Metaspace size  (256.000mb (268435456 bytes))."
    );
}

#[test]
fn derived_overhead_outside_its_range() {
    assert_eq!(
        tm_error(&[
            ("taskmanager.memory.flink.size", "1g"),
            ("taskmanager.memory.process.size", "3g"),
        ]),
        "TaskManager memory configuration failed: Derived JVM Overhead size (1.750gb (1879048192 bytes)) is not in configured JVM Overhead range [192.000mb (201326592 bytes), 1024.000mb (1073741824 bytes)]."
    );
}

#[test]
fn sizes_that_do_not_add_up() {
    // Flink's own paths make the sums add up before these checks run; the checks and their
    // messages are exercised directly.
    let entries = entries(&[
        ("taskmanager.memory.process.size", "2g"),
        ("taskmanager.memory.flink.size", "1g"),
    ]);
    let env = BTreeMap::new();
    let conf = Conf::new(&entries, &env);
    let part = |mb: i64| Part::rest(MemorySize::mebibytes(mb), "test");
    let jvm = Jvm {
        metaspace: part(256),
        overhead: part(192),
    };
    let options = process::JvmOptions {
        total_process: tm_opt::PROCESS,
        metaspace: tm_opt::METASPACE,
        overhead_min: tm_opt::OVERHEAD_MIN,
        overhead_max: tm_opt::OVERHEAD_MAX,
        overhead_fraction: tm_opt::OVERHEAD_FRACTION,
        checks_process_sum: true,
    };
    let error = process::sanity_check_total_process(
        &conf,
        &options,
        MemorySize::mebibytes(1024),
        &tm_opt::FLINK,
        &jvm,
    )
    .expect_err("inconsistent");
    assert_eq!(
        error.to_string(),
        "Configured and Derived memory sizes (total 1.438gb (1543503872 bytes)) do not add up to the configured Total Process Memory size (2.000gb (2147483648 bytes)). Configured and Derived memory sizes are: Total Flink Memory (1024.000mb (1073741824 bytes)), JVM Metaspace (256.000mb (268435456 bytes)), JVM Overhead (192.000mb (201326592 bytes))."
    );
    let parts = taskmanager::FlinkParts {
        framework_heap: part(128),
        framework_off_heap: part(128),
        task_heap: part(256),
        task_off_heap: part(0),
        managed: part(256),
        network: part(64),
    };
    let error = taskmanager::check_total_flink(&conf, &parts).expect_err("inconsistent");
    assert_eq!(
        error.to_string(),
        "Configured and Derived Flink internal memory sizes (total 832.000mb (872415232 bytes)) do not add up to the configured Total Flink Memory size (1024.000mb (1073741824 bytes)). Configured and Derived Flink internal memory sizes are: Framework Heap Memory (128.000mb (134217728 bytes)), Framework Off-Heap Memory (128.000mb (134217728 bytes)), Task Heap Memory (256.000mb (268435456 bytes)), Task Off-Heap Memory (0 bytes), Network Memory (64.000mb (67108864 bytes)), Managed Memory (256.000mb (268435456 bytes))."
    );
}

#[test]
fn network_memory_inconsistent_with_its_configuration() {
    let prefix = "TaskManager memory configuration failed: If Total Flink, Task Heap and (or) Managed Memory sizes are explicitly configured then the Network Memory size is the rest of the Total Flink memory after subtracting all other configured types of memory, but the derived Network Memory is inconsistent with its configuration.";
    assert_eq!(
        tm_error(&[
            ("taskmanager.memory.flink.size", "1g"),
            ("taskmanager.memory.task.heap.size", "256m"),
            ("taskmanager.memory.network.max", "100m"),
        ]),
        format!(
            "{prefix} Caused by: Derived Network Memory size (102.400mb (107374176 bytes)) is not in configured Network Memory range [64.000mb (67108864 bytes), 100.000mb (104857600 bytes)]."
        )
    );
    assert_eq!(
        tm_error(&[
            ("taskmanager.memory.flink.size", "1g"),
            ("taskmanager.memory.task.heap.size", "256m"),
            ("taskmanager.network.numberOfBuffers", "2048"),
        ]),
        format!(
            "{prefix} Caused by: Derived Network Memory size (102.400mb (107374176 bytes)) does not match configured Network Memory size (64.000mb (67108864 bytes))."
        )
    );
}

#[test]
fn inconsistent_fraction_and_range() {
    assert_eq!(
        tm_error(&[
            ("taskmanager.memory.process.size", "1728m"),
            ("taskmanager.memory.jvm-overhead.min", "512m"),
            ("taskmanager.memory.jvm-overhead.max", "256m"),
        ]),
        "TaskManager memory configuration failed: Inconsistently configured Key: 'taskmanager.memory.jvm-overhead.fraction' , default: 0.1 (fallback keys: []) (0.10000000149011612) and its min (512.000mb (536870912 bytes)), max (256.000mb (268435456 bytes)) value Caused by: min value must be less or equal to max value"
    );
    assert_eq!(
        tm_error(&[
            ("taskmanager.memory.process.size", "1728m"),
            ("taskmanager.network.memory.fraction", "1.5"),
        ]),
        "TaskManager memory configuration failed: Inconsistently configured Key: 'taskmanager.memory.network.fraction' , default: 0.1 (fallback keys: [{key=taskmanager.network.memory.fraction, isDeprecated=true}]) (1.5) and its min (64.000mb (67108864 bytes)), max (8388608.000tb (9223372036854775807 bytes)) value Caused by: fraction must be in range [0, 1)"
    );
}

#[test]
fn unreadable_values() {
    assert_eq!(
        tm_error(&[("taskmanager.memory.process.size", "1728x")]),
        "TaskManager memory configuration failed: Cannot read memory size from config option 'taskmanager.memory.process.size'. Caused by: Could not parse value '1728x' for key 'taskmanager.memory.process.size'. Caused by: Memory size unit 'x' does not match any of the recognized units: (b | bytes) / (k | kb | kibibytes) / (m | mb | mebibytes) / (g | gb | gibibytes) / (t | tb | tebibytes)"
    );
    // A fraction that is not a number is not wrapped: Flink reads it outside its checks.
    assert_eq!(
        tm_error(&[
            ("taskmanager.memory.process.size", "1728m"),
            ("taskmanager.memory.managed.fraction", "half"),
        ]),
        "java.lang.IllegalArgumentException: Could not parse value 'half' for key 'taskmanager.memory.managed.fraction'. Caused by: For input string: \"half\""
    );
}

#[test]
fn job_manager_messages() {
    assert_eq!(
        jm_error(&[("jobmanager.memory.process.size", "500m")]),
        "JobManager memory configuration failed: The configured Total Flink Memory (52.000mb (54525952 bytes)) is less than the configured Off-heap Memory (128.000mb (134217728 bytes))."
    );
    assert_eq!(
        jm_error(&[
            ("jobmanager.memory.heap.size", "1g"),
            ("jobmanager.memory.flink.size", "1g"),
            ("jobmanager.memory.off-heap.size", "128m"),
        ]),
        "JobManager memory configuration failed: Sum of the configured JVM Heap Memory (1024.000mb (1073741824 bytes)) and the configured Off-heap Memory (128.000mb (134217728 bytes)) does not match the configured Total Flink Memory (1024.000mb (1073741824 bytes)). Please, make the configuration consistent or configure only one option: either JVM Heap or Total Flink Memory."
    );
    assert_eq!(
        jm_error(&[
            ("jobmanager.memory.heap.size", "2g"),
            ("jobmanager.memory.flink.size", "1g"),
        ]),
        "JobManager memory configuration failed: The configured JVM Heap Memory (2.000gb (2147483648 bytes)) exceeds the configured Total Flink Memory (1024.000mb (1073741824 bytes)). Please, make the configuration consistent or configure only one option: either JVM Heap or Total Flink Memory."
    );
    // Heap and total Flink set, off-heap derived from them.
    let derived = jm(&[
        ("jobmanager.memory.heap.size", "1g"),
        ("jobmanager.memory.flink.size", "1200m"),
    ])
    .expect("valid");
    assert_eq!(derived.off_heap.size.bytes(), 176 << 20);
}

#[test]
fn legacy_messages() {
    let error = tm_in(
        "1.18",
        Deployment::Standalone,
        &[],
        &[("FLINK_TM_HEAP", "lots")],
    )
    .expect_err("unreadable");
    assert_eq!(
        error.to_string(),
        "TaskManager failed to map legacy JVM heap option to the new one: Cannot read total process memory size from environment variable value lots. Caused by: text does not start with a number"
    );
    let error = tm_in(
        "1.18",
        Deployment::Standalone,
        &[("taskmanager.heap.mb", "-5")],
        &[],
    )
    .expect_err("negative");
    assert_eq!(
        error.to_string(),
        "TaskManager failed to map legacy JVM heap option to the new one: Configured total process memory size (-5MB) must not be less than 0."
    );
}

#[test]
fn cpu_cores_must_be_positive() {
    assert_eq!(
        tm_error(&[
            ("taskmanager.memory.process.size", "1728m"),
            ("taskmanager.numberOfTaskSlots", "0"),
        ]),
        "TaskManager memory configuration failed: TaskExecutors need to be started with a positive number of CPU cores. Please configure taskmanager.cpu.cores accordingly."
    );
    let native = tm_in(
        "1.20",
        NATIVE,
        &[
            ("taskmanager.memory.process.size", "1728m"),
            ("kubernetes.taskmanager.cpu.amount", "0.5"),
        ],
        &[],
    )
    .expect("valid");
    assert_eq!(native.cpu_cores.value, 0.5);
    assert!(
        native
            .dynamic_configs()
            .contains("-D taskmanager.cpu.cores=0.5 ")
    );
}

#[test]
fn errors_name_their_keys() {
    let error = tm(&[("taskmanager.memory.process.size", "400m")]).expect_err("refused");
    assert_eq!(
        error.keys.first().copied(),
        Some("taskmanager.memory.process.size")
    );
    let error = jm(&[("jobmanager.memory.process.size", "500m")]).expect_err("refused");
    assert_eq!(
        error.keys.first().copied(),
        Some("jobmanager.memory.process.size")
    );
}

#[test]
fn the_legacy_network_path_reads_the_segment_size_unwrapped() {
    // Flink 1.11 – 1.20 throw the parse failure itself (checked against each release).
    let error = tm_in(
        "1.13",
        Deployment::Standalone,
        &[
            ("taskmanager.memory.process.size", "1639m"),
            ("taskmanager.network.numberOfBuffers", "2048"),
            ("taskmanager.memory.segment-size", "1.5g"),
        ],
        &[],
    )
    .map(|_| ())
    .map_err(|e| e.to_string());
    assert_eq!(
        error,
        Err("java.lang.IllegalArgumentException: Could not parse value '1.5g' for key 'taskmanager.memory.segment-size'. Caused by: Memory size unit '.5g' does not match any of the recognized units: (b | bytes) / (k | kb | kibibytes) / (m | mb | mebibytes) / (g | gb | gibibytes) / (t | tb | tebibytes)".to_owned())
    );
}
