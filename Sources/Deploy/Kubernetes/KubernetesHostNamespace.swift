import Findings

/// `hostNetwork`, `hostPID` or `hostIPC: true` in a pod spec.
enum KubernetesHostNamespace {
    static let descriptor = DeployDoc.descriptor(
        id: "TL-DEPLOY-K8S-HOST-NAMESPACE", name: "kubernetes-host-namespace", summary: "Kubernetes pod shares the node's network, PID or IPC namespace",
        severity: .medium, confidence: .high, owasp: .a04, cwe: 653, kind: .kubernetes,
        what: "Finds pod specs (of pods, deployments, stateful sets, daemon sets, replica sets, jobs and cron jobs) with `hostNetwork: true`, `hostPID: true` or `hostIPC: true`.",
        why: "With the node's network the pod bypasses network policies, listens on the node's interfaces and reaches services bound to the node's loopback (the kubelet's read-only port, cloud metadata); with the node's PID namespace it sees every process on the node and their environment and can signal them; with the node's IPC it shares its shared memory. The Pod Security Standards forbid all three at the Baseline level.",
        example: "spec:\n  hostNetwork: true\n  hostPID: true",
        useInstead: "spec:\n  containers:\n    - name: web\n      ports:\n        - containerPort: 8000   # exposed through a Service",
        references: [DeployDoc.podSecurityStandards, DeployDoc.kubernetesCheatSheet],
        aliases: [])

    static let rule = DeployRule(descriptor, examples: [
        DeployExample("""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          template:
            spec:
              hostNetwork: true # error: TL-DEPLOY-K8S-HOST-NAMESPACE
              hostPID: yes # error: TL-DEPLOY-K8S-HOST-NAMESPACE
              containers:
                - name: web
                  image: myapp:1.4
        """, path: "k8s/web.yaml"),
        DeployExample("""
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          hostNetwork: false
          hostIPC: "true"
          containers:
            - name: web
              image: myapp:1.4
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
        data:
          hostNetwork: "true"
        """, path: "k8s/web.yaml"),
    ], check: .kubernetes(check))

    static func check(_ workloads: [KubernetesWorkload], _ file: DeployFile) -> [Finding] {
        var findings: [Finding] = []
        for workload in workloads {
            for (key, namespace) in [("hostNetwork", "network"), ("hostPID", "process (PID)"), ("hostIPC", "IPC")] {
                guard let entry = workload.podSpec.entry(key), entry.value.isTrue(yaml11: true) else { continue }
                findings.append(file.finding(descriptor, at: entry.keyNode.position, endColumn: entry.keyNode.position.column + key.count,
                                             description: "\(workload.title) shares the node's \(namespace) namespace (`\(key): \(entry.value.text ?? "true")`).",
                                             remediation: "Remove `\(key)`; expose the pod's ports through a Service, and give a node agent that truly needs it its own narrowly admitted namespace."))
            }
        }
        return findings
    }
}
