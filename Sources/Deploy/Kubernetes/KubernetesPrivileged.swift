import Findings

/// `securityContext.privileged: true` on a container.
enum KubernetesPrivileged {
    static let descriptor = DeployDoc.descriptor(
        id: "TL-DEPLOY-K8S-PRIVILEGED", name: "kubernetes-privileged-container", summary: "Kubernetes container runs privileged",
        severity: .high, confidence: .high, owasp: .a05, cwe: 250, kind: .kubernetes,
        what: "Finds containers (also init and ephemeral containers) of pods, deployments, stateful sets, daemon sets, replica sets, jobs and cron jobs whose `securityContext` sets `privileged: true`.",
        why: "A privileged container has every capability and the host's devices, without seccomp or AppArmor: root in it is root on the node, and from the node, often the cluster (kubelet credentials, other pods' secrets). The Pod Security Standards forbid it at the Baseline level.",
        example: "containers:\n  - name: web\n    image: myapp:1.4\n    securityContext:\n      privileged: true",
        useInstead: "containers:\n  - name: web\n    image: myapp:1.4\n    securityContext:\n      allowPrivilegeEscalation: false\n      capabilities:\n        drop: [ALL]",
        references: [DeployDoc.kubernetesSecurityContext, DeployDoc.podSecurityStandards, DeployDoc.kubernetesCheatSheet],
        aliases: [])

    static let rule = DeployRule(descriptor, examples: [
        DeployExample("""
        apiVersion: apps/v1
        kind: DaemonSet
        metadata:
          name: agent
        spec:
          template:
            spec:
              initContainers:
                - name: setup
                  image: busybox:1.36
                  securityContext:
                    privileged: true # error: TL-DEPLOY-K8S-PRIVILEGED
              containers:
                - name: agent
                  image: agent:2.1
                  securityContext: {privileged: true} # error: TL-DEPLOY-K8S-PRIVILEGED
        """, path: "k8s/agent.yaml"),
        DeployExample("""
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
            - name: web
              image: myapp:1.4
              securityContext:
                privileged: false
              env:
                - name: PRIVILEGED
                  value: "true"
        """, path: "k8s/web.yaml"),
    ], check: .kubernetes(check))

    static func check(_ workloads: [KubernetesWorkload], _ file: DeployFile) -> [Finding] {
        workloads.flatMap { workload in
            workload.containers.compactMap { container -> Finding? in
                guard let entry = container.security("privileged"), entry.value.isTrue(yaml11: true) else { return nil }
                return file.finding(descriptor, at: entry.keyNode.position, endColumn: entry.keyNode.position.column + "privileged".count,
                                    description: "\(workload.title): \(container.title) runs privileged, with every capability and device of the node.",
                                    remediation: "Remove `privileged: true`; add the single capabilities the container needs under `capabilities.add` after `drop: [ALL]`.")
            }
        }
    }
}
