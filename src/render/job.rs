//! The Kubernetes Job of a job cluster: the submitter `<name>-job-submitter`, or in application
//! mode the JobManager itself as `<name>-jobmanager`.
//!
//! Retries are the operator's business (it restarts from a savepoint), never Kubernetes':
//! both Jobs have `backoffLimit: 0` and pods that never restart.

use k8s_openapi::api::batch::v1::{Job, JobSpec as KubeJobSpec};
use k8s_openapi::api::core::v1::{Container, EnvVar, PodSpec, PodTemplateSpec, VolumeMount};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use md5::{Digest, Md5};

use super::{Context, barrier, jobmanager, pod};
use crate::model::{
    labels::{self, Labels},
    memory, names,
};
use crate::spec::{JobMode, JobSpec};

/// The savepoint the job starts from: the one given as an option (what the operator's job
/// status would hold), else `job.fromSavepoint` unless blank.
pub fn from_savepoint(ctx: &Context<'_>, job: &JobSpec) -> Option<String> {
    ctx.settings
        .from_savepoint
        .clone()
        .or_else(|| job.from_savepoint.clone())
        .filter(|s| !s.trim().is_empty())
}

/// `<name>-jobmanager:<ui port>`, where the submitter reaches the REST API.
pub fn job_manager_address(ctx: &Context<'_>) -> String {
    format!(
        "{}:{}",
        names::job_manager(ctx.name),
        ctx.spec.job_manager().port_numbers().ui
    )
}

/// The arguments of the submitter container, in the operator's order.
pub fn submitter_args(ctx: &Context<'_>, job: &JobSpec) -> Vec<String> {
    let mut args = vec![
        "bash".to_owned(),
        names::SUBMIT_SCRIPT_PATH.to_owned(),
        "--jobmanager".to_owned(),
        job_manager_address(ctx),
    ];
    if let Some(class) = &job.class_name {
        args.extend(["--class".to_owned(), class.clone()]);
    }
    if let Some(savepoint) = from_savepoint(ctx, job) {
        args.extend(["--fromSavepoint".to_owned(), savepoint]);
    }
    if job.allow_non_restored_state == Some(true) {
        args.push("--allowNonRestoredState".to_owned());
    }
    if let Some(parallelism) = memory::parallelism(ctx.spec) {
        args.extend(["--parallelism".to_owned(), parallelism.to_string()]);
    }
    if job.no_logging_to_stdout == Some(true) {
        args.push("--sysoutLogging".to_owned());
    }
    if job.mode == Some(JobMode::Detached) {
        args.push("--detached".to_owned());
    }
    for url in job.class_path.iter().flatten() {
        args.extend(["-C".to_owned(), url.clone()]);
    }
    if let Some(jar) = &job.jar_file {
        args.push(jar.clone());
    }
    if let Some(file) = &job.py_file {
        args.extend(["--python".to_owned(), file.clone()]);
    }
    if let Some(files) = &job.py_files {
        args.extend(["--pyFiles".to_owned(), files.clone()]);
    }
    if let Some(module) = &job.py_module {
        args.extend(["--pyModule".to_owned(), module.clone()]);
    }
    args.extend(job.args.iter().flatten().cloned());
    args
}

fn submitter_pod(ctx: &Context<'_>, job: &JobSpec) -> PodSpec {
    let mut env = vec![EnvVar {
        name: "FLINK_JM_ADDR".to_owned(),
        value: Some(job_manager_address(ctx)),
        ..EnvVar::default()
    }];
    env.extend(ctx.spec.env_vars.iter().flatten().cloned());

    let mut mounts: Vec<VolumeMount> = job.volume_mounts.clone().unwrap_or_default();
    mounts.push(VolumeMount {
        name: names::CONFIG_VOLUME.to_owned(),
        mount_path: names::SUBMIT_SCRIPT_PATH.to_owned(),
        sub_path: Some(names::SUBMIT_SCRIPT_KEY.to_owned()),
        ..VolumeMount::default()
    });
    mounts.push(pod::config_mount());
    let mut volumes = job.volumes.clone().unwrap_or_default();
    volumes.push(pod::config_volume(ctx));

    let init_containers: Vec<Container> = job
        .init_containers
        .iter()
        .flatten()
        .map(|c| pod::convert_container(c, &mounts, &env))
        .collect();
    let main = Container {
        name: names::SUBMITTER_CONTAINER.to_owned(),
        image: Some(ctx.spec.image.name.clone()),
        image_pull_policy: Some(ctx.spec.pull_policy().as_str().to_owned()),
        args: Some(submitter_args(ctx, job)),
        env: Some(env),
        env_from: ctx.spec.env_from.clone(),
        volume_mounts: Some(mounts),
        resources: job.resources.clone(),
        ..Container::default()
    };
    let mut spec = PodSpec {
        init_containers: pod::non_empty(init_containers),
        containers: vec![main],
        restart_policy: Some("Never".to_owned()),
        volumes: Some(volumes),
        image_pull_secrets: ctx.spec.image.pull_secrets.clone(),
        security_context: job.security_context.clone(),
        host_aliases: job.host_aliases.clone(),
        service_account_name: super::rbac::service_account(ctx),
        affinity: job.affinity.clone(),
        node_selector: job.node_selector.clone(),
        tolerations: job.tolerations.clone(),
        ..PodSpec::default()
    };
    pod::inject(&mut spec, &pod::injections(ctx));
    barrier::add(ctx, &mut spec, &barrier::submitter_waits(ctx));
    spec
}

fn kube_job(
    ctx: &Context<'_>,
    name: String,
    labels: Labels,
    annotations: Option<Labels>,
    mut spec: PodSpec,
) -> Job {
    spec.restart_policy = Some("Never".to_owned());
    Job {
        metadata: ctx.metadata(name, labels.clone()),
        spec: Some(KubeJobSpec {
            backoff_limit: Some(0),
            template: PodTemplateSpec {
                metadata: Some(ObjectMeta {
                    labels: Some(labels),
                    annotations,
                    ..ObjectMeta::default()
                }),
                spec: Some(spec),
            },
            ..KubeJobSpec::default()
        }),
        ..Job::default()
    }
}

/// The submitter Job, for job clusters outside application mode.
pub fn submitter(ctx: &Context<'_>) -> Option<Job> {
    let job = ctx.spec.job.as_ref()?;
    let labels = labels::merge(&ctx.cluster_labels(), job.pod_labels.as_ref());
    Some(kube_job(
        ctx,
        names::job_submitter(ctx.name),
        labels,
        job.pod_annotations.clone(),
        submitter_pod(ctx, job),
    ))
}

/// The job id of an application-mode cluster: the hex MD5 of the operator's
/// `status.revision.nextRevision` (`<name>-<hash>-<number>`).
pub fn application_job_id(ctx: &Context<'_>) -> String {
    Md5::digest(ctx.next_revision.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The JobManager of an application-mode cluster, as a Job running `standalone-job`.
pub fn application_job_manager(ctx: &Context<'_>) -> Job {
    let jm = ctx.spec.job_manager();
    let job = ctx.spec.job.clone().unwrap_or_default();
    let job_id = application_job_id(ctx);
    let mut args = vec!["standalone-job".to_owned()];
    if ctx.ha.is_some() {
        args.extend(["--host".to_owned(), jobmanager::POD_IP_ARG.to_owned()]);
    }
    if let Some(parallelism) = memory::parallelism(ctx.spec) {
        args.push(format!("-Dparallelism.default={parallelism}"));
    }
    if let Some(savepoint) = from_savepoint(ctx, &job) {
        args.extend(["--fromSavepoint".to_owned(), savepoint]);
    }
    if job.allow_non_restored_state == Some(true) {
        args.push("--allowNonRestoredState".to_owned());
    }
    args.extend([
        "--job-id".to_owned(),
        job_id.clone(),
        "--job-classname".to_owned(),
        job.class_name.clone().unwrap_or_default(),
    ]);
    args.extend(job.args.iter().flatten().cloned());
    let mut main = jobmanager::container(ctx);
    main.args = Some(args);

    let mut labels = labels::merge(
        &ctx.cluster_labels(),
        Some(&labels::component(ctx.name, "jobmanager")),
    );
    labels = labels::merge(&labels, jm.pod_labels.as_ref());
    labels.insert(names::JOB_ID_LABEL.to_owned(), job_id);
    let mut spec = jobmanager::pod_spec(ctx, main);
    barrier::add(ctx, &mut spec, &barrier::application_job_manager_waits(ctx));
    kube_job(
        ctx,
        names::job_manager(ctx.name),
        labels,
        jm.pod_annotations.clone(),
        spec,
    )
}
