// Builds, with Flink's own classes, what Flink's native Kubernetes client and ResourceManager
// create from a configuration: the JobManager Deployment with its Services and ConfigMaps
// (KubernetesJobManagerFactory) and the first TaskManager pod (KubernetesTaskManagerFactory).
// Used by tests/native_flink.rs to compare `render --target native` with Flink, one JVM per
// Flink version for every case.
//
// Reads case directories from stdin, one per line. Each holds what flink-render rendered:
//   conf/                          the files of flink-config-<id> (Flink configuration, logs)
//   jobmanager-pod-template.yaml   the JobManager pod before Flink's decorators
//   taskmanager-pod-template.yaml  the file of pod-template-<id>
// and gets flink.json: {"jobManager": [Deployment, accompanying objects...],
// "taskManagerPod": Pod, "writtenConf": {...}, "renderedConf": {...}}, the configurations as
// Flink loads them (GlobalConfiguration) from the rendered file and from the file Flink wrote;
// or {"error": message, "stage": ...} when Flink refuses.
//
// What the client does before the factory is repeated here in its order
// (KubernetesClusterDescriptor.deploy*Cluster / deployClusterInternal): the deployment options
// a command line adds (configuration directory, pod template files), the application JAR check,
// execution mode, entry point class, fixed ports, the HA cluster id and port, the cluster
// specification from the memory model. The TaskManager pod is built as the ResourceManager
// builds it (KubernetesResourceManagerDriver): the JobManager's configuration is the file Flink
// wrote, the worker spec its default, the pod `<id>-taskmanager-1-1`.
//
// Flink 1.13-1.16 ship fabric8 unshaded, later versions shaded: fabric8 types are never named
// here, only reached by reflection, so that one source compiles against every version.

import java.io.BufferedReader;
import java.io.File;
import java.io.FileInputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.apache.flink.client.deployment.ClusterSpecification;
import org.apache.flink.configuration.BlobServerOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.HighAvailabilityOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.kubernetes.KubernetesClusterClientFactory;
import org.apache.flink.kubernetes.configuration.KubernetesConfigOptions;
import org.apache.flink.kubernetes.configuration.KubernetesConfigOptionsInternal;
import org.apache.flink.kubernetes.entrypoint.KubernetesWorkerResourceSpecFactory;
import org.apache.flink.kubernetes.kubeclient.FlinkKubeClient;
import org.apache.flink.kubernetes.kubeclient.FlinkPod;
import org.apache.flink.kubernetes.kubeclient.KubernetesJobManagerSpecification;
import org.apache.flink.kubernetes.kubeclient.factory.KubernetesJobManagerFactory;
import org.apache.flink.kubernetes.kubeclient.factory.KubernetesTaskManagerFactory;
import org.apache.flink.kubernetes.kubeclient.parameters.KubernetesJobManagerParameters;
import org.apache.flink.kubernetes.kubeclient.parameters.KubernetesTaskManagerParameters;
import org.apache.flink.kubernetes.kubeclient.resources.KubernetesPod;
import org.apache.flink.kubernetes.utils.KubernetesUtils;
import org.apache.flink.runtime.clusterframework.BootstrapTools;
import org.apache.flink.runtime.clusterframework.ContaineredTaskManagerParameters;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.entrypoint.ClusterEntrypoint;
import org.apache.flink.runtime.externalresource.ExternalResourceUtils;
import org.apache.flink.runtime.jobmanager.HighAvailabilityMode;
import org.apache.flink.runtime.resourcemanager.WorkerResourceSpec;
import org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils;

public final class NativeFactory {
    private static final String MAIN_CONTAINER = "flink-main-container";
    private static final String SESSION_ENTRYPOINT =
            "org.apache.flink.kubernetes.entrypoint.KubernetesSessionClusterEntrypoint";
    private static final String APPLICATION_ENTRYPOINT =
            "org.apache.flink.kubernetes.entrypoint.KubernetesApplicationClusterEntrypoint";

    private static Class<?> serialization;

    public static void main(String[] args) throws Exception {
        serialization = fabric8("kubernetes.client.utils.Serialization");
        BufferedReader in =
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isEmpty()) {
                continue;
            }
            File dir = new File(line);
            String result;
            try {
                result = build(dir);
            } catch (Refused refused) {
                result = "{\"stage\":" + json(refused.stage) + ",\"error\":"
                        + json(message(refused.getCause())) + "}";
            }
            Files.write(new File(dir, "flink.json").toPath(),
                    result.getBytes(StandardCharsets.UTF_8));
        }
        // The fabric8 classes may have started threads of their own.
        System.exit(0);
    }

    /** A refusal by Flink, and where in the deployment it happened. */
    private static final class Refused extends Exception {
        final String stage;

        Refused(String stage, Throwable cause) {
            super(cause);
            this.stage = stage;
        }
    }

    private static String build(File dir) throws Exception {
        File confDir = new File(dir, "conf");
        File jmTemplate = new File(dir, "jobmanager-pod-template.yaml");
        File tmTemplate = new File(dir, "taskmanager-pod-template.yaml");
        Configuration rendered = GlobalConfiguration.loadConfiguration(confDir.getAbsolutePath());
        Configuration conf = new Configuration(rendered);
        // What the command line adds: the configuration directory (log files are read from it)
        // and the pod template files.
        conf.set(stringOption("$internal.deployment.config-dir"), confDir.getAbsolutePath());
        conf.set(stringOption("kubernetes.pod-template-file.jobmanager"),
                jmTemplate.getAbsolutePath());
        // Without a TaskManager template (a FlinkDeployment without one), no option: as the
        // operator leaves it out.
        if (tmTemplate.exists()) {
            conf.set(stringOption("kubernetes.pod-template-file.taskmanager"),
                    tmTemplate.getAbsolutePath());
        }
        String clusterId = conf.get(KubernetesConfigOptions.CLUSTER_ID);
        KubernetesJobManagerSpecification specification;
        try {
            boolean application = "kubernetes-application".equals(
                    conf.get(stringOption("execution.target")));
            if (application) {
                KubernetesUtils.checkJarFileForApplicationMode(conf);
            }
            conf.set(ClusterEntrypoint.INTERNAL_CLUSTER_EXECUTION_MODE,
                    ClusterEntrypoint.ExecutionMode.NORMAL.toString());
            conf.set(KubernetesConfigOptionsInternal.ENTRY_POINT_CLASS,
                    application ? APPLICATION_ENTRYPOINT : SESSION_ENTRYPOINT);
            KubernetesUtils.checkAndUpdatePortConfigOption(conf, BlobServerOptions.PORT, 6124);
            KubernetesUtils.checkAndUpdatePortConfigOption(conf, TaskManagerOptions.RPC_PORT, 6122);
            KubernetesUtils.checkAndUpdatePortConfigOption(conf, RestOptions.BIND_PORT, 8081);
            if (HighAvailabilityMode.isHighAvailabilityModeActivated(conf)) {
                conf.set(HighAvailabilityOptions.HA_CLUSTER_ID, clusterId);
                KubernetesUtils.checkAndUpdatePortConfigOption(conf,
                        HighAvailabilityOptions.HA_JOB_MANAGER_PORT_RANGE,
                        conf.get(JobManagerOptions.PORT));
            }
            ClusterSpecification cluster =
                    new KubernetesClusterClientFactory().getClusterSpecification(conf);
            KubernetesJobManagerParameters parameters =
                    new KubernetesJobManagerParameters(conf, cluster);
            FlinkPod template = KubernetesUtils.loadPodFromTemplateFile(
                    templateLoader(), jmTemplate, MAIN_CONTAINER);
            specification = KubernetesJobManagerFactory.buildKubernetesJobManagerSpecification(
                    template, parameters);
        } catch (Throwable e) {
            throw new Refused("jobmanager", e);
        }
        List<Object> objects = new ArrayList<>();
        objects.add(specification.getDeployment());
        objects.addAll(specification.getAccompanyingResources());
        // The JobManager pod mounts flink-config-<id> as its configuration directory.
        File written = new File(dir, "written-conf");
        written.mkdirs();
        boolean configFile = false;
        for (Object object : specification.getAccompanyingResources()) {
            Object metadata = object.getClass().getMethod("getMetadata").invoke(object);
            String name = (String) metadata.getClass().getMethod("getName").invoke(metadata);
            if (!("flink-config-" + clusterId).equals(name)) {
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, String> data =
                    (Map<String, String>) object.getClass().getMethod("getData").invoke(object);
            for (Map.Entry<String, String> file : data.entrySet()) {
                Files.write(new File(written, file.getKey()).toPath(),
                        file.getValue().getBytes(StandardCharsets.UTF_8));
                configFile |= file.getKey().equals("config.yaml")
                        || file.getKey().equals("flink-conf.yaml");
            }
        }
        if (!configFile) {
            throw new Refused("jobmanager", new IllegalStateException(
                    "Flink wrote no configuration file into flink-config-" + clusterId));
        }
        Configuration jobManager = GlobalConfiguration.loadConfiguration(written.getAbsolutePath());
        Map<String, String> writtenConf = jobManager.toMap();
        jobManager.set(stringOption("$internal.deployment.config-dir"), written.getAbsolutePath());
        String pod;
        try {
            pod = taskManagerPod(jobManager, clusterId, tmTemplate);
        } catch (Throwable e) {
            throw new Refused("taskmanager", e);
        }
        StringBuilder out = new StringBuilder("{\"jobManager\":[");
        for (int i = 0; i < objects.size(); i++) {
            out.append(i == 0 ? "" : ",").append(json(objects.get(i)));
        }
        out.append("],\"taskManagerPod\":").append(pod);
        out.append(",\"writtenConf\":").append(json(writtenConf));
        out.append(",\"renderedConf\":").append(json(rendered.toMap()));
        return out.append("}").toString();
    }

    /** The first TaskManager pod, as KubernetesResourceManagerDriver requests it. */
    private static String taskManagerPod(Configuration loaded, String clusterId, File template)
            throws Exception {
        Configuration flinkConfig = effectiveResourceManagerConfiguration(loaded);
        WorkerResourceSpec worker =
                KubernetesWorkerResourceSpecFactory.INSTANCE.createDefaultWorkerResourceSpec(
                        flinkConfig);
        TaskExecutorProcessSpec process =
                TaskExecutorProcessUtils.processSpecFromWorkerResourceSpec(flinkConfig, worker);
        String podName = String.format("%s-taskmanager-%d-%d", clusterId, 1L, 1L);
        ContaineredTaskManagerParameters containered =
                ContaineredTaskManagerParameters.create(flinkConfig, process);
        Configuration taskManagerConfig = new Configuration(flinkConfig);
        taskManagerConfig.set(TaskManagerOptions.TASK_MANAGER_RESOURCE_ID, podName);
        String dynamicProperties =
                BootstrapTools.getDynamicPropertiesAsString(loaded, taskManagerConfig);
        String jvmMemOpts = ProcessMemoryUtils.generateJvmParametersStr(process);
        Map<String, String> externalResources =
                ExternalResourceUtils.getExternalResourceConfigurationKeys(
                        flinkConfig, KubernetesConfigOptions.EXTERNAL_RESOURCE_KUBERNETES_CONFIG_KEY_SUFFIX);
        KubernetesTaskManagerParameters parameters = taskManagerParameters(flinkConfig, podName,
                dynamicProperties, jvmMemOpts, containered, externalResources);
        // KubernetesResourceManagerDriver starts from an empty pod without a template file.
        FlinkPod flinkPod = template.exists()
                ? KubernetesUtils.loadPodFromTemplateFile(templateLoader(), template, MAIN_CONTAINER)
                : new FlinkPod.Builder().build();
        KubernetesPod pod =
                KubernetesTaskManagerFactory.buildTaskManagerKubernetesPod(flinkPod, parameters);
        return json(pod.getInternalResource());
    }

    /**
     * The ResourceManager's configuration: the legacy TaskManager heap option mapped to the
     * process size where the Flink version still has that step.
     */
    private static Configuration effectiveResourceManagerConfiguration(Configuration conf)
            throws Exception {
        try {
            Method map = TaskExecutorProcessUtils.class.getMethod(
                    "getConfigurationMapLegacyTaskManagerHeapSizeToConfigOption",
                    Configuration.class, ConfigOption.class);
            return (Configuration) map.invoke(null, conf, TaskManagerOptions.TOTAL_PROCESS_MEMORY);
        } catch (NoSuchMethodException e) {
            return conf;
        }
    }

    /** KubernetesTaskManagerParameters: Flink 1.16 added the blocked nodes (none here). */
    private static KubernetesTaskManagerParameters taskManagerParameters(Configuration conf,
            String podName, String dynamicProperties, String jvmMemOpts,
            ContaineredTaskManagerParameters containered, Map<String, String> externalResources)
            throws Exception {
        for (Constructor<?> constructor : KubernetesTaskManagerParameters.class.getConstructors()) {
            Class<?>[] types = constructor.getParameterTypes();
            if (types.length == 6) {
                return (KubernetesTaskManagerParameters) constructor.newInstance(conf, podName,
                        dynamicProperties, jvmMemOpts, containered, externalResources);
            }
            if (types.length == 7) {
                return (KubernetesTaskManagerParameters) constructor.newInstance(conf, podName,
                        dynamicProperties, jvmMemOpts, containered, externalResources,
                        Collections.emptySet());
            }
        }
        throw new IllegalStateException("no known KubernetesTaskManagerParameters constructor");
    }

    /**
     * A FlinkKubeClient that only loads pod template files, as Fabric8FlinkKubeClient does
     * (fabric8 parses the file as a Pod); the factories need nothing else of it.
     */
    private static FlinkKubeClient templateLoader() {
        return (FlinkKubeClient) Proxy.newProxyInstance(NativeFactory.class.getClassLoader(),
                new Class<?>[] {FlinkKubeClient.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("loadPodFromTemplateFile")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    File file = (File) args[0];
                    Class<?> podClass = fabric8("kubernetes.api.model.Pod");
                    Object pod;
                    try (InputStream stream = new FileInputStream(file)) {
                        pod = serialization.getMethod("unmarshal", InputStream.class, Class.class)
                                .invoke(null, stream, podClass);
                    }
                    return KubernetesPod.class.getConstructor(podClass).newInstance(pod);
                });
    }

    /** A fabric8 class, shaded (Flink 1.17+) or not. */
    private static Class<?> fabric8(String name) throws ClassNotFoundException {
        try {
            return Class.forName("org.apache.flink.kubernetes.shaded.io.fabric8." + name);
        } catch (ClassNotFoundException e) {
            return Class.forName("io.fabric8." + name);
        }
    }

    private static ConfigOption<String> stringOption(String key) {
        return ConfigOptions.key(key).stringType().noDefaultValue();
    }

    /** JSON of a fabric8 object, a map or a string, by fabric8's own mapper. */
    private static String json(Object value) throws Exception {
        try {
            return (String) serialization.getMethod("asJson", Object.class).invoke(null, value);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("cannot serialize " + value, e.getCause());
        }
    }

    /** The message of a refusal: its own, with the messages of its causes. */
    private static String message(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InvocationTargetException) {
                continue;
            }
            if (text.length() > 0) {
                text.append("\nCaused by: ");
            }
            text.append(t.getClass().getName()).append(": ").append(t.getMessage());
            if (t.getCause() == t) {
                break;
            }
        }
        return text.toString();
    }
}
