//! `flink-render convert`: FlinkClusters as FlinkDeployments (apache-operator-spec.md §9.3).
//! The repository's examples convert, with reviewed snapshots of the FlinkDeployment and of
//! the notes; what they convert to renders; every field without an equivalent is a warning at
//! the field; clusters on a Flink the Apache operator does not run are refused; and the
//! documented way to see what migration changes (render both, diff them) works.

mod support;

use support::*;

fn convert(file: &str) -> (String, String) {
    // Relative to the repository: the notes name the file as given.
    let output = cli_in(&repo(), &["convert", file], "");
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    (text(&output.stdout), text(&output.stderr))
}

#[test]
fn examples_convert_and_render() {
    for example in ["examples/job-cluster.yaml", "examples/session-cluster.yaml"] {
        let (deployment, notes) = convert(example);
        let name = example.trim_start_matches("examples/");
        insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => true }, {
            insta::assert_snapshot!(format!("converted-{name}"), format!("{deployment}\n# notes:\n{notes}"));
        });
        // The FlinkDeployment renders (the Apache operator would take it).
        let output = cli(&["render", "-"], &deployment);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{example}: {}",
            text(&output.stderr)
        );
        assert!(text(&output.stdout).contains("kind: Deployment"));
    }
}

#[test]
fn fields_without_an_equivalent_are_reported_at_the_field() {
    let cluster = "apiVersion: flinkoperator.k8s.io/v1beta1
kind: FlinkCluster
metadata:
  name: legacy
  namespace: flink
spec:
  flinkVersion: \"1.18\"
  image:
    name: flink:1.18
  serviceAccountName: flink
  revisionHistoryLimit: 3
  podDisruptionBudget:
    minAvailable: 1
  flinkProperties:
    kubernetes.cluster-id: other
    taskmanager.numberOfTaskSlots: \"2\"
  jobManager:
    accessScope: VPC
    ServiceLabels:
      team: data
    volumeClaimTemplates:
    - metadata:
        name: data
      spec:
        accessModes: [ReadWriteOnce]
        resources:
          requests:
            storage: 1Gi
    resources:
      limits:
        cpu: \"1\"
        memory: 2Gi
  taskManager:
    replicas: 2
    deploymentType: Deployment
    resources:
      limits:
        cpu: \"1\"
        memory: 2Gi
  job:
    jarFile: /opt/flink/job.jar
    savepointGeneration: 2
    restartPolicy: FromSavepointOnFailure
    cleanupPolicy:
      afterJobSucceeds: DeleteCluster
    cancelRequested: true
";
    let output = cli(&["convert", "-"], cluster);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let notes = text(&output.stderr);
    for field in [
        "spec.revisionHistoryLimit: no equivalent",
        "spec.podDisruptionBudget: no equivalent",
        "spec.flinkProperties[kubernetes.cluster-id]: dropped",
        "spec.jobManager.ServiceLabels: no equivalent",
        "spec.jobManager.volumeClaimTemplates: no equivalent",
        "spec.jobManager.accessScope: converted to kubernetes.rest-service.exposed.type",
        "spec.taskManager.deploymentType: no equivalent",
        "spec.job.savepointGeneration: no equivalent",
        "spec.job.restartPolicy: no equivalent",
        "spec.job.cleanupPolicy: no equivalent",
    ] {
        assert!(notes.contains(field), "{field} in:\n{notes}");
    }
    let deployment = text(&output.stdout);
    assert!(
        deployment.contains("kubernetes.rest-service.exposed.type: LoadBalancer"),
        "{deployment}"
    );
    assert!(
        deployment.contains("networking.gke.io/load-balancer-type:Internal"),
        "{deployment}"
    );
    assert!(deployment.contains("state: suspended"), "{deployment}");
    assert!(
        deployment.contains("jarURI: local:///opt/flink/job.jar"),
        "{deployment}"
    );
    assert!(
        !deployment.contains("kubernetes.cluster-id"),
        "{deployment}"
    );
}

#[test]
fn a_flink_the_apache_operator_does_not_run_is_refused() {
    let output = cli(
        &[
            "convert",
            &repo()
                .join("fixtures/render/sample-job-cluster.yaml")
                .to_string_lossy(),
        ],
        "",
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    assert!(
        text(&output.stderr).contains("flinkVersion \"1.14\" has no FlinkDeployment equivalent: the Apache operator runs Flink 1.15 and later"),
        "{}",
        text(&output.stderr)
    );
}

/// The migration's changes: the FlinkCluster rendered natively and its FlinkDeployment
/// rendered; the two streams differ where the operators differ (the JobManager's
/// configuration's origin, the annotations), and both name the same cluster.
#[test]
fn migration_is_seen_by_rendering_both() {
    let file = repo()
        .join("examples/job-cluster.yaml")
        .to_string_lossy()
        .into_owned();
    let before = cli(&["render", "--target", "native", &file], "");
    assert_eq!(before.status.code(), Some(0), "{}", text(&before.stderr));
    let (deployment, _) = convert("examples/job-cluster.yaml");
    let after = cli(&["render", "-"], &deployment);
    assert_eq!(after.status.code(), Some(0), "{}", text(&after.stderr));
    let (before, after) = (text(&before.stdout), text(&after.stdout));
    assert_ne!(before, after);
    for both in [
        "name: wordcount\n",
        "name: wordcount-rest\n",
        "name: flink-config-wordcount\n",
    ] {
        assert!(before.contains(both) && after.contains(both), "{both}");
    }
    assert!(after.contains("flinkdeployment.flink.apache.org/generation"));
}
