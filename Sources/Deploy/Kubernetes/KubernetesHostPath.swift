import Findings

/// A `hostPath` volume in a pod spec.
enum KubernetesHostPath {
    static let descriptor = DeployDoc.descriptor(
        id: "TL-DEPLOY-K8S-HOST-PATH", name: "kubernetes-host-path-volume", summary: "Kubernetes pod mounts a host path",
        severity: .medium, confidence: .high, owasp: .a01, cwe: 668, kind: .kubernetes,
        what: "Finds `hostPath` volumes in the pod specs of pods, deployments, stateful sets, daemon sets, replica sets, jobs and cron jobs. The container runtime's socket (`/var/run/docker.sock`, containerd's, CRI-O's) and the host's root or `/etc` are reported at High severity.",
        why: "A host path gives the pod the node's files: logs and configuration of other pods, kubelet credentials, and, with a runtime socket or a writable system folder, control of the node. The Pod Security Standards forbid host paths at the Baseline level.",
        example: "volumes:\n  - name: docker\n    hostPath:\n      path: /var/run/docker.sock",
        useInstead: "volumes:\n  - name: data\n    persistentVolumeClaim:\n      claimName: web-data\n  - name: scratch\n    emptyDir: {}",
        references: ["https://kubernetes.io/docs/concepts/storage/volumes/#hostpath", DeployDoc.podSecurityStandards],
        aliases: [])

    static let dangerous = ["/", "/etc", "/root", "/var/run", "/run", "/var/lib/kubelet", "/var/lib/docker", "/proc", "/sys", "/dev"]
    static let sockets = ["docker.sock", "containerd.sock", "crio.sock", "podman.sock"]

    static let rule = DeployRule(descriptor, examples: [
        DeployExample("""
        apiVersion: apps/v1
        kind: DaemonSet
        metadata:
          name: logs
        spec:
          template:
            spec:
              containers:
                - name: shipper
                  image: shipper:3.0
              volumes:
                - name: varlog
                  hostPath: # error: TL-DEPLOY-K8S-HOST-PATH
                    path: /var/log
                - name: docker
                  hostPath: {path: /var/run/docker.sock, type: Socket} # error: TL-DEPLOY-K8S-HOST-PATH
        """, path: "k8s/logs.yaml"),
        DeployExample("""
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
            - name: web
              image: myapp:1.4
          volumes:
            - name: data
              persistentVolumeClaim:
                claimName: web-data
            - name: tmp
              emptyDir: {}
        ---
        apiVersion: v1
        kind: PersistentVolume
        metadata:
          name: local
        spec:
          hostPath:
            path: /mnt/data
        """, path: "k8s/web.yaml"),
    ], check: .kubernetes(check))

    static func check(_ workloads: [KubernetesWorkload], _ file: DeployFile) -> [Finding] {
        var findings: [Finding] = []
        for workload in workloads {
            for volume in workload.podSpec[key: "volumes"]?.items ?? [] {
                guard let entry = volume.entry("hostPath") else { continue }
                let path = entry.value[key: "path"]?.text ?? ""
                let normalized = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
                let critical = dangerous.contains(normalized) || sockets.contains { normalized.hasSuffix("/" + $0) }
                findings.append(file.finding(descriptor, at: entry.keyNode.position, endColumn: entry.keyNode.position.column + "hostPath".count,
                                             description: "\(workload.title) mounts the node's `\(path)` (volume `\(volume[key: "name"]?.text ?? "")`)\(critical ? ": control of the node" : "").",
                                             remediation: "Use a `persistentVolumeClaim`, `emptyDir`, `configMap` or `secret` volume instead; if the node's files are truly needed, mount the narrowest path `readOnly: true` and admit the pod by policy.",
                                             severity: critical ? .high : nil))
            }
        }
        return findings
    }
}
