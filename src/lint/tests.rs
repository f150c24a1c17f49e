//! Each rule fires on exactly what it is about, with the object and the field path.

use k8s_openapi::api::core::v1::{ContainerPort, Volume, VolumeMount};
use k8s_openapi::api::rbac::v1::{PolicyRule, Role, RoleBinding, RoleRef, Subject};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use super::*;
use crate::options::Options;

fn rendered() -> Vec<Object> {
    let cluster = serde_json::from_value(serde_json::json!({
        "apiVersion": "flinkoperator.k8s.io/v1beta1",
        "kind": "FlinkCluster",
        "metadata": {"name": "demo", "namespace": "flink"},
        "spec": {
            "flinkVersion": "1.18",
            "image": {"name": "flink:1.18"},
            "jobManager": {"ingress": {"hostFormat": "{{$clusterName}}.example.com"}},
            "taskManager": {"deploymentType": "Deployment"},
            "podDisruptionBudget": {"maxUnavailable": 1},
            "job": {"jarFile": "/job.jar"}
        }
    }))
    .expect("a cluster");
    crate::render(&cluster, &Options::default())
        .expect("valid")
        .objects
}

fn messages(objects: &[Object]) -> Vec<String> {
    lint(objects).iter().map(ToString::to_string).collect()
}

fn find<'a>(objects: &'a mut [Object], kind: &str, name: &str) -> &'a mut Object {
    objects
        .iter_mut()
        .find(|o| o.kind() == kind && o.name() == name)
        .expect("object rendered")
}

#[test]
fn rendered_objects_are_clean() {
    let objects = rendered();
    assert_eq!(
        objects.iter().map(Object::kind).collect::<Vec<_>>(),
        [
            "PodDisruptionBudget",
            "ConfigMap",
            "Service",
            "Service",
            "Deployment",
            "StatefulSet",
            "Job",
            "Ingress",
            "ControllerRevision"
        ]
    );
    assert_eq!(messages(&objects), Vec::<String>::new());
}

#[test]
fn port_names_too_long_and_duplicated() {
    let mut objects = rendered();
    let Object::Deployment(tm) = find(&mut objects, "Deployment", "demo-taskmanager") else {
        panic!("a Deployment")
    };
    let container = tm
        .spec
        .template
        .spec
        .as_mut()
        .and_then(|s| s.containers.first_mut())
        .expect("container");
    let ports = container.ports.get_or_insert_with(Vec::new);
    ports.push(ContainerPort {
        name: Some("prometheus-metrics".into()),
        container_port: 9249,
        ..ContainerPort::default()
    });
    ports.push(ContainerPort {
        name: Some("rpc".into()),
        container_port: 9250,
        ..ContainerPort::default()
    });
    assert_eq!(
        messages(&objects),
        [
            "Deployment/demo-taskmanager: spec.template.spec.containers[0].ports[3].name: Invalid value: \"prometheus-metrics\": must be no more than 15 characters",
            "Deployment/demo-taskmanager: spec.template.spec.containers[0].ports[4].name: Duplicate value: \"rpc\"",
        ]
    );
}

#[test]
fn selector_label_and_service_mismatches() {
    let mut objects = rendered();
    if let Object::StatefulSet(jm) = find(&mut objects, "StatefulSet", "demo-jobmanager")
        && let Some(labels) = jm
            .spec
            .template
            .metadata
            .as_mut()
            .and_then(|m| m.labels.as_mut())
    {
        labels.insert("component".into(), "other".into());
        labels.insert("team".into(), "x".repeat(64));
    }
    assert_eq!(
        messages(&objects),
        [
            format!(
                "StatefulSet/demo-jobmanager: spec.template.metadata.labels[team]: Invalid value: \"{}\": must be no more than 63 bytes",
                "x".repeat(64)
            ),
            "StatefulSet/demo-jobmanager: spec.template.metadata.labels: Invalid value: `selector` does not match template `labels`".to_owned(),
            "Service/demo-jobmanager: spec.selector: selects none of the pods rendered with it: the Service would have no endpoints".to_owned(),
        ]
    );
}

#[test]
fn target_ports_ingress_backends_and_service_names() {
    let mut objects = rendered();
    if let Object::Service(service) = find(&mut objects, "Service", "demo-jobmanager")
        && let Some(port) = service
            .spec
            .as_mut()
            .and_then(|s| s.ports.as_mut())
            .and_then(|p| p.get_mut(3))
    {
        port.name = Some("web".into());
        port.target_port = Some(IntOrString::String("web".into()));
    }
    if let Object::StatefulSet(jm) = find(&mut objects, "StatefulSet", "demo-jobmanager") {
        jm.spec.service_name = Some("demo-jm".into());
    }
    assert_eq!(
        messages(&objects),
        [
            "Service/demo-jobmanager: spec.ports[3].targetPort: target port \"web\" is not a port of any container the Service selects",
            "StatefulSet/demo-jobmanager: spec.serviceName: Not found: \"demo-jm\": no Service of this name is rendered",
            "Ingress/demo-jobmanager: spec.rules[0].http.paths[0].backend.service.port: Not found: the Service \"demo-jobmanager\" has no port \"ui\"",
        ]
    );
}

#[test]
fn mounts_of_undeclared_volumes_and_bad_names() {
    let mut objects = rendered();
    if let Object::Job(job) = find(&mut objects, "Job", "demo-job-submitter")
        && let Some(pod) = job.spec.as_mut().and_then(|s| s.template.spec.as_mut())
    {
        pod.volumes.get_or_insert_with(Vec::new).push(Volume {
            name: "Cache".into(),
            ..Volume::default()
        });
        if let Some(main) = pod.containers.first_mut() {
            main.volume_mounts
                .get_or_insert_with(Vec::new)
                .push(VolumeMount {
                    name: "data".into(),
                    mount_path: "/data".into(),
                    ..VolumeMount::default()
                });
        }
    }
    let found = messages(&objects);
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(found[0].starts_with("Job/demo-job-submitter: spec.template.spec.volumes[1].name: Invalid value: \"Cache\": a lowercase RFC 1123 label must consist of"), "{}", found[0]);
    assert_eq!(
        found[1],
        "Job/demo-job-submitter: spec.template.spec.containers[0].volumeMounts[2].name: Not found: \"data\": no volume of this name is declared in the pod"
    );
}

#[test]
fn rbac_stays_namespaced_without_wildcards() {
    let metadata = ObjectMeta {
        name: Some("flink".into()),
        namespace: Some("flink".into()),
        ..ObjectMeta::default()
    };
    let role = Role {
        metadata: metadata.clone(),
        rules: Some(vec![PolicyRule {
            api_groups: Some(vec![String::new()]),
            resources: Some(vec!["configmaps".into()]),
            verbs: vec!["get".into(), "*".into()],
            ..PolicyRule::default()
        }]),
    };
    let binding = RoleBinding {
        metadata,
        role_ref: RoleRef {
            api_group: Some("rbac.authorization.k8s.io".into()),
            kind: "ClusterRole".into(),
            name: "edit".into(),
        },
        subjects: Some(vec![Subject {
            kind: "ServiceAccount".into(),
            name: "flink".into(),
            namespace: Some("default".into()),
            ..Subject::default()
        }]),
    };
    let objects = vec![Object::from(role), Object::from(binding)];
    assert_eq!(
        messages(&objects),
        [
            "Role/flink: rules[0].verbs[1]: Invalid value: \"*\": generated RBAC names what it grants; no wildcards",
            "RoleBinding/flink: roleRef.kind: Invalid value: \"ClusterRole\": generated RBAC binds namespaced Roles only",
            "RoleBinding/flink: subjects[0].namespace: Invalid value: \"default\": generated RBAC grants to ServiceAccounts of its own namespace (\"flink\")",
        ]
    );
}

#[test]
fn over_long_statefulset_and_service_names() {
    let mut objects = rendered();
    let long = format!("{}-jobmanager", "a".repeat(55));
    for object in objects.iter_mut() {
        if object.name() == "demo-jobmanager"
            && matches!(object, Object::StatefulSet(_) | Object::Service(_))
        {
            object.metadata_mut().name = Some(long.clone());
        }
    }
    let found = messages(&objects);
    assert_eq!(
        found.first().map(String::as_str),
        Some(format!("Service/{long}: metadata.name: Invalid value: \"{long}\": must be no more than 63 bytes").as_str())
    );
    assert!(found.iter().any(|f| f == &format!("StatefulSet/{long}: metadata.name: Invalid value: \"{long}\": must be no more than 52 characters: Kubernetes labels the pods with `controller-revision-hash` derived from the name, and a label value has at most 63")), "{found:#?}");
}
