import Dataflow
import Findings
import PythonSyntax

/// B615: Hugging Face downloads without a pinned revision.
enum HuggingFaceUnpinned {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-B615", name: "huggingface-unpinned-download", summary: "Hugging Face model or dataset downloaded without a pinned revision",
        severity: .medium, confidence: .high, owasp: .a08, cwe: 494, bandit: "B615", ruff: nil,
        what: "Finds `from_pretrained(...)` on `transformers`/`diffusers` classes, `huggingface_hub.hf_hub_download`/`snapshot_download` and `datasets.load_dataset` without `revision=` set to a commit hash (a branch name such as `main` is not a pin). Local paths are not reported.",
        why: "The repository owner (or whoever takes over the account) can change what `main` points to; the next download silently brings different weights or code.",
        example: "model = AutoModel.from_pretrained(\"org/model\")",
        useInstead: "model = AutoModel.from_pretrained(\"org/model\", revision=\"5d0f2e8a7f1b...\")",
        references: [RuleDoc.bandit("plugins/b615_huggingface_unsafe_download.html"), "https://huggingface.co/docs/hub/models-downloading"])

    static let rule = Rule(descriptor, on: [.call], examples: [
        RuleExample("""
        from transformers import AutoModel, AutoTokenizer
        from huggingface_hub import hf_hub_download
        m = AutoModel.from_pretrained("org/model")  # error: TL-B615
        t = AutoTokenizer.from_pretrained("org/model", revision="main")  # error: TL-B615
        f = hf_hub_download(repo_id="org/model", filename="w.bin")  # error: TL-B615
        """),
        RuleExample("""
        from transformers import AutoModel
        m = AutoModel.from_pretrained("org/model", revision="5d0f2e8a7f1b2c3d4e5f60718293a4b5c6d7e8f9")
        n = AutoModel.from_pretrained("./local/model")
        """),
    ], check: { check($0, $1) })

    static let packages = ["transformers.", "diffusers.", "sentence_transformers.", "peft."]
    static let functions: Set<String> = ["huggingface_hub.hf_hub_download", "huggingface_hub.snapshot_download", "datasets.load_dataset"]

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        guard let call = context.call(node) else { return [] }
        var what: String?
        if case .attribute(let receiver, "from_pretrained", _) = context.tree[call.function].kind,
           let owner = context.qualifiedName(receiver), packages.contains(where: owner.hasPrefix) {
            what = owner + ".from_pretrained"
        } else if let name = call.name, functions.contains(name) {
            what = name
        }
        guard let what, !call.hasUnpacking else { return [] }
        if let repo = call.argument(0, "repo_id") ?? call.keyword("pretrained_model_name_or_path") ?? call.keyword("path"),
           let path = context.string(repo), path.hasPrefix(".") || path.hasPrefix("/") || path.hasPrefix("~") { return [] }
        if let revision = call.keyword("revision") {
            guard let value = context.string(revision) else { return [] }
            if value.count >= 40, value.allSatisfy({ $0.isHexDigit }) { return [] }
            return [context.finding(descriptor, at: call.id, description: "`\(what)` pins `revision=\"\(value)\"`, a movable branch or tag, not a commit.",
                                    remediation: "Pin the full commit hash of the revision you reviewed.")]
        }
        return [context.finding(descriptor, at: call.id, description: "`\(what)` downloads the latest revision of the repository; its content can change without notice.",
                                remediation: "Pass `revision=\"<commit sha>\"` for the revision you reviewed.", fix: "revision=\"<40-hex commit sha>\"")]
    }
}
