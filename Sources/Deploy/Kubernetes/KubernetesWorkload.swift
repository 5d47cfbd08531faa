import Yams

/// A Kubernetes object that runs pods (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet,
/// ReplicationController, Job, CronJob, PodTemplate), with its pod spec and containers.
struct KubernetesWorkload: @unchecked Sendable {
    var kind: String
    var name: String
    var podSpec: Node
    var containers: [KubernetesContainer]

    /// "Deployment `web`".
    var title: String { "\(kind) `\(name)`" }

    /// The pod-level `securityContext` setting `key`.
    func podSecurity(_ key: String) -> (keyNode: Node, value: Node)? { podSpec[key: "securityContext"]?.entry(key) }

    /// Every workload of a file's documents (a `kind: List` gives its items). A document is a
    /// manifest when it has `apiVersion` and `kind`; `isManifest` says whether any did.
    static func read(_ documents: [Node]) -> (workloads: [KubernetesWorkload], isManifest: Bool) {
        var workloads: [KubernetesWorkload] = []
        var isManifest = false
        func visit(_ object: Node, depth: Int) {
            guard depth < 4, let kind = object[key: "kind"]?.text, object[key: "apiVersion"]?.text != nil else { return }
            isManifest = true
            if kind == "List" {
                for item in object[key: "items"]?.items ?? [] { visit(item, depth: depth + 1) }
                return
            }
            guard let spec = podSpec(of: object, kind: kind), case .mapping = spec else { return }
            let name = object[key: "metadata"]?[key: "name"]?.text ?? "(unnamed)"
            var containers: [KubernetesContainer] = []
            for section in ["initContainers", "containers", "ephemeralContainers"] {
                for item in spec[key: section]?.items ?? [] where item.mapping != nil {
                    containers.append(KubernetesContainer(name: item[key: "name"]?.text ?? "(unnamed)", node: item, section: section))
                }
            }
            workloads.append(KubernetesWorkload(kind: kind, name: name, podSpec: spec, containers: containers))
        }
        for document in documents { visit(document, depth: 0) }
        return (workloads, isManifest)
    }

    static func podSpec(of object: Node, kind: String) -> Node? {
        switch kind {
        case "Pod": return object[key: "spec"]
        case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job":
            return object[key: "spec"]?[key: "template"]?[key: "spec"]
        case "CronJob": return object[key: "spec"]?[key: "jobTemplate"]?[key: "spec"]?[key: "template"]?[key: "spec"]
        case "PodTemplate": return object[key: "template"]?[key: "spec"]
        default: return nil
        }
    }
}

/// One container of a pod spec.
struct KubernetesContainer: @unchecked Sendable {
    var name: String
    var node: Node
    /// `containers`, `initContainers` or `ephemeralContainers`.
    var section: String

    /// Where findings about what the container lacks point: its `name:` (else its first key).
    var position: TextPosition { node.entry("name")?.keyNode.position ?? node.position }

    /// A container without an `image` is a fragment (a Kustomize patch, an overlay): settings
    /// it does not write are set elsewhere, so only what it writes is judged.
    var isFragment: Bool { node[key: "image"] == nil }

    func security(_ key: String) -> (keyNode: Node, value: Node)? { node[key: "securityContext"]?.entry(key) }

    /// "container `web`", "init container `migrate`".
    var title: String {
        switch section {
        case "initContainers": return "init container `\(name)`"
        case "ephemeralContainers": return "ephemeral container `\(name)`"
        default: return "container `\(name)`"
        }
    }
}
