import Findings

/// A credential written as a literal `value` in a container's `env`.
enum KubernetesSecretInEnv {
    static let descriptor = DeployDoc.descriptor(
        id: "TL-DEPLOY-K8S-SECRET-ENV", name: "kubernetes-secret-in-env", summary: "Credential written as a literal in a Kubernetes container's env",
        severity: .high, confidence: .medium, owasp: .a07, cwe: 798, kind: .kubernetes,
        what: "Finds `env` entries of containers (also init and ephemeral containers) whose `name` is credential-like (`*PASSWORD*`, `*SECRET*`, `*TOKEN*`, `API_KEY`, `*_KEY`) and whose `value` is a literal. `valueFrom` (a Secret or ConfigMap reference), `$(OTHER_VAR)` references, placeholders, numbers, truth values and paths are not reported. The value is shown redacted.",
        why: "The manifest is committed and applied: the credential is in every clone and in history, readable by anyone who can `get` the workload (a far wider group than who may read Secrets), and shown by `kubectl describe`.",
        example: "env:\n  - name: DATABASE_PASSWORD\n    value: s3cr3t-Pa55",
        useInstead: "env:\n  - name: DATABASE_PASSWORD\n    valueFrom:\n      secretKeyRef:\n        name: web-db\n        key: password",
        references: ["https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-environment-variables", DeployDoc.kubernetesCheatSheet,
                     DeployDoc.secretsCheatSheet],
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
                - name: web
                  image: myapp:1.4
                  env:
                    - name: DATABASE_PASSWORD
                      value: s3cr3t-Pa55 # error: TL-DEPLOY-K8S-SECRET-ENV
                    - {name: STRIPE_API_KEY, value: "sk_live_0123456789abcdef"} # error: TL-DEPLOY-K8S-SECRET-ENV
        """, path: "k8s/web.yaml"),
        DeployExample("""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          template:
            spec:
              containers:
                - name: web
                  image: myapp:1.4
                  env:
                    - name: DATABASE_PASSWORD
                      valueFrom:
                        secretKeyRef: {name: web-db, key: password}
                    - name: API_TOKEN
                      value: $(SHARED_TOKEN)
                    - name: SECRET_KEY_FILE
                      value: /var/run/secrets/app/key
                    - name: TOKEN_REFRESH_SECONDS
                      value: "300"
        """, path: "k8s/web.yaml"),
    ], check: .kubernetes(check))

    static func check(_ workloads: [KubernetesWorkload], _ file: DeployFile) -> [Finding] {
        var findings: [Finding] = []
        for workload in workloads {
            for container in workload.containers {
                for variable in container.node[key: "env"]?.items ?? [] {
                    guard let nameEntry = variable.entry("name"), let name = nameEntry.value.text, let valueNode = variable[key: "value"],
                          let value = valueNode.text, SettingNames.holdsCredential(name), SettingNames.isLiteralCredential(value) else { continue }
                    let span = file.redaction(of: value, line: valueNode.position.line, from: valueNode.position.column)
                    // The finding points at the value: the line that holds the credential.
                    findings.append(file.finding(descriptor, at: valueNode.position, endColumn: (span?.endColumn ?? valueNode.position.column + value.count),
                                                 description: "\(workload.title): \(container.title) gets a literal credential in `\(name)` (\(Redaction.redact(value))), committed with the manifest.",
                                                 remediation: "Store it in a Secret (or an external secret store) and reference it: `valueFrom: {secretKeyRef: {name: ..., key: ...}}`; rotate the value that was committed.",
                                                 redactions: span.map { [$0] } ?? []))
                }
            }
        }
        return findings
    }
}
