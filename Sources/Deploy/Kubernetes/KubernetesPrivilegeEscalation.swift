import Findings

/// A container that does not set `allowPrivilegeEscalation: false`.
enum KubernetesPrivilegeEscalation {
    static let descriptor = DeployDoc.descriptor(
        id: "TL-DEPLOY-K8S-PRIVILEGE-ESCALATION", name: "kubernetes-privilege-escalation-allowed", summary: "Kubernetes container may gain privileges (allowPrivilegeEscalation not false)",
        severity: .low, confidence: .high, owasp: .a04, cwe: 269, kind: .kubernetes,
        what: "Finds containers (also init and ephemeral containers) whose `securityContext` does not set `allowPrivilegeEscalation: false`: set to `true`, or not set (the default is to allow it). Privileged containers are reported by `TL-DEPLOY-K8S-PRIVILEGED` instead. A container without an `image` (a Kustomize patch or overlay fragment) is reported only for what it writes.",
        why: "Without `no_new_privs`, a process in the container can gain privileges through setuid binaries (`sudo`, `su`, `ping` in many images) or file capabilities, turning a foothold as the app user into root in the container. The Pod Security Standards' Restricted profile requires `false`.",
        example: "containers:\n  - name: web\n    image: myapp:1.4",
        useInstead: "containers:\n  - name: web\n    image: myapp:1.4\n    securityContext:\n      allowPrivilegeEscalation: false",
        references: [DeployDoc.kubernetesSecurityContext, DeployDoc.podSecurityStandards],
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
              containers:
                - name: web # error: TL-DEPLOY-K8S-PRIVILEGE-ESCALATION
                  image: myapp:1.4
                - name: sidecar
                  image: proxy:1.0
                  securityContext:
                    allowPrivilegeEscalation: true # error: TL-DEPLOY-K8S-PRIVILEGE-ESCALATION
        """, path: "deploy/web.yaml"),
        DeployExample("""
        apiVersion: batch/v1
        kind: CronJob
        metadata:
          name: report
        spec:
          schedule: "0 3 * * *"
          jobTemplate:
            spec:
              template:
                spec:
                  containers:
                    - name: report
                      image: myapp:1.4
                      securityContext:
                        allowPrivilegeEscalation: false
        ---
        # A Kustomize patch: the base sets the rest.
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          template:
            spec:
              containers:
                - name: web
                  resources:
                    limits: {memory: 512Mi}
        """, path: "deploy/report.yaml"),
    ], check: .kubernetes(check))

    static func check(_ workloads: [KubernetesWorkload], _ file: DeployFile) -> [Finding] {
        workloads.flatMap { workload in
            workload.containers.compactMap { container -> Finding? in
                if container.security("privileged")?.value.isTrue(yaml11: true) == true { return nil }
                let remediation = "Set `securityContext.allowPrivilegeEscalation: false` on the container (with `capabilities.drop: [ALL]`)."
                if let entry = container.security("allowPrivilegeEscalation") {
                    guard !entry.value.isFalse(yaml11: true) else { return nil }
                    return file.finding(descriptor, at: entry.keyNode.position, endColumn: entry.keyNode.position.column + "allowPrivilegeEscalation".count,
                                        description: "\(workload.title): \(container.title) allows privilege escalation (`allowPrivilegeEscalation: \(entry.value.text ?? "")`).",
                                        remediation: remediation)
                }
                guard !container.isFragment else { return nil }
                return file.finding(descriptor, at: container.position,
                                    description: "\(workload.title): \(container.title) does not set `allowPrivilegeEscalation: false`, so setuid binaries in the image can make a process root.",
                                    remediation: remediation)
            }
        }
    }
}
