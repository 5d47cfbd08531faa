import Findings

/// A container that may run as root: `runAsNonRoot` not true at container or pod level.
enum KubernetesRunAsRoot {
    static let descriptor = DeployDoc.descriptor(
        id: "TL-DEPLOY-K8S-RUN-AS-ROOT", name: "kubernetes-may-run-as-root", summary: "Kubernetes container may run as root (runAsNonRoot not true)",
        severity: .medium, confidence: .high, owasp: .a05, cwe: 250, kind: .kubernetes,
        what: "Finds containers (also init and ephemeral containers) that may run as root: `runAsUser: 0`, or `runAsNonRoot: false`, at the container or (when the container sets nothing) the pod level, or neither `runAsNonRoot: true` nor a non-zero `runAsUser` anywhere. The container's setting wins over the pod's, as in Kubernetes. Without any setting the finding is at Medium confidence: the image may set a non-root `USER`, which Kubernetes then uses, but nothing makes sure of it. Fragments without an `image` (Kustomize patches) are reported only for what they write.",
        why: "`runAsNonRoot: true` makes the kubelet refuse to start a container whose user is root, so a root image cannot slip into production. A root process in a container is root on the node's kernel: one app bug away from writing to mounted volumes and host paths, and one runtime or kernel bug away from the node.",
        example: "spec:\n  containers:\n    - name: web\n      image: myapp:1.4",
        useInstead: "spec:\n  securityContext:\n    runAsNonRoot: true\n    runAsUser: 10001\n  containers:\n    - name: web\n      image: myapp:1.4",
        references: [DeployDoc.kubernetesSecurityContext, DeployDoc.podSecurityStandards, DeployDoc.kubernetesCheatSheet],
        aliases: [])

    static let rule = DeployRule(descriptor, examples: [
        DeployExample("""
        apiVersion: apps/v1
        kind: StatefulSet
        metadata:
          name: db
        spec:
          template:
            spec:
              containers:
                - name: db # error: TL-DEPLOY-K8S-RUN-AS-ROOT
                  image: postgres:16
                - name: exporter
                  image: exporter:1.0
                  securityContext:
                    runAsUser: 0 # error: TL-DEPLOY-K8S-RUN-AS-ROOT
        """, path: "k8s/db.yaml"),
        DeployExample("""
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          securityContext:
            runAsNonRoot: true
          containers:
            - name: web
              image: myapp:1.4
            - name: debug
              image: busybox:1.36
              securityContext:
                runAsNonRoot: false # error: TL-DEPLOY-K8S-RUN-AS-ROOT
        """, path: "k8s/web.yaml"),
        DeployExample("""
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: migrate
        spec:
          template:
            spec:
              securityContext:
                runAsUser: 10001
              containers:
                - name: migrate
                  image: myapp:1.4
                - name: helper
                  image: helper:1.0
                  securityContext:
                    runAsNonRoot: true
        """, path: "k8s/job.yaml"),
    ], check: .kubernetes(check))

    static func check(_ workloads: [KubernetesWorkload], _ file: DeployFile) -> [Finding] {
        workloads.flatMap { workload in
            workload.containers.compactMap { container -> Finding? in
                let remediation = "Set `securityContext.runAsNonRoot: true` (and a non-zero `runAsUser`, e.g. 10001) on the pod or the container, and build the image with a non-root `USER`."
                // The container's own setting first, then the pod's.
                for (entry, level) in [(container.security("runAsUser"), "container"), (workload.podSecurity("runAsUser"), "pod")] {
                    guard let entry, let user = entry.value.int else { continue }
                    if user == 0 {
                        return file.finding(descriptor, at: entry.keyNode.position, endColumn: entry.keyNode.position.column + "runAsUser".count,
                                            description: "\(workload.title): \(container.title) runs as root (`runAsUser: 0` at the \(level) level).",
                                            remediation: remediation)
                    }
                    if container.security("runAsNonRoot")?.value.isFalse(yaml11: true) != true { return nil }
                    break
                }
                for (entry, level) in [(container.security("runAsNonRoot"), "container"), (workload.podSecurity("runAsNonRoot"), "pod")] {
                    guard let entry else { continue }
                    if entry.value.isTrue(yaml11: true) { return nil }
                    return file.finding(descriptor, at: entry.keyNode.position, endColumn: entry.keyNode.position.column + "runAsNonRoot".count,
                                        description: "\(workload.title): \(container.title) may run as root (`runAsNonRoot: \(entry.value.text ?? "")` at the \(level) level).",
                                        remediation: remediation)
                }
                guard !container.isFragment else { return nil }
                return file.finding(descriptor, at: container.position,
                                    description: "\(workload.title): \(container.title) sets neither `runAsNonRoot: true` nor a non-root `runAsUser` (nor does its pod): it runs as whatever user the image names, root for most images.",
                                    remediation: remediation, confidence: .medium)
            }
        }
    }
}
