// The dependency rules: ids, metadata and documentation, next to the audit that fires them.
import Findings

/// The rules the dependency audit can report, each with its `RuleDescriptor`.
public enum DependencyRules {
    public static let vulnerable = RuleDescriptor(
        id: "DEP-VULN", name: "vulnerable-dependency",
        summary: "A pinned, locked or installed dependency version has known vulnerabilities",
        severity: .high, confidence: .high, owasp: .a06, cwe: CWE(1395), analysis: .dependencies,
        documentation: """
        ## What it does
        Matches every exact version the project pins (`==`/`===` in requirements files, lock files, an \
        installed environment) against the OSV advisory database, and reports the advisories that \
        affect it, merged across aliases (PYSEC, GHSA, CVE), with the smallest version that fixes all of them.

        ## Why is this bad?
        A known vulnerability in a dependency is exploitable in your application as soon as the vulnerable \
        code path is reachable, and public advisories come with exploit details.

        ## Example
        ```
        django==3.2.1
        ```

        ## Use instead
        ```
        django==3.2.25
        ```
        (`taintline deps --fix` rewrites the pins in requirements files; regenerate hashes afterwards.)

        ## References
        - https://owasp.org/Top10/A06_2021-Vulnerable_and_Outdated_Components/
        - https://osv.dev/
        """,
        references: ["https://owasp.org/Top10/A06_2021-Vulnerable_and_Outdated_Components/", "https://cwe.mitre.org/data/definitions/1395.html"])

    public static let vulnerableRange = RuleDescriptor(
        id: "DEP-VULN-RANGE", name: "range-admits-vulnerable-versions",
        summary: "A version range allows versions with known vulnerabilities and nothing locks a safe one",
        severity: .medium, confidence: .medium, owasp: .a06, cwe: CWE(1395), analysis: .dependencies,
        documentation: """
        ## What it does
        For a dependency declared with a range (`requests>=2.0`) and not locked anywhere in the project, \
        lists the versions named by the advisories that the range admits and that are affected.

        ## Why is this bad?
        Without a lock, an install can resolve to any admitted version: an old cache, a mirror or another \
        constraint can pick a vulnerable one.

        ## Example
        ```
        requests>=2.0
        ```

        ## Use instead
        ```
        requests>=2.32.4
        ```
        or lock the dependencies (pip-compile, poetry lock, uv lock).

        ## References
        - https://peps.python.org/pep-0440/#version-specifiers
        - https://owasp.org/Top10/A06_2021-Vulnerable_and_Outdated_Components/
        """,
        references: ["https://peps.python.org/pep-0440/#version-specifiers"])

    public static let unpinned = RuleDescriptor(
        id: "DEP-UNPINNED", name: "unpinned-dependency",
        summary: "An application requirement is not pinned to one version (or is a direct URL/VCS reference)",
        severity: .low, confidence: .high, owasp: .a06, cwe: CWE(1104), analysis: .dependencies,
        documentation: """
        ## What it does
        Reports requirements in an application's requirements files that are not pinned with `==` (or `===`), \
        including direct URLs, VCS references and editable installs of remote code, unless a constraints \
        file or a lock file in the project pins them.

        ## Why is this bad?
        An unpinned dependency changes under you: a new release (or a compromised one) is installed on the \
        next deploy without review, and the versions that run cannot be audited. A URL or VCS reference \
        cannot be matched against advisories at all.

        ## Example
        ```
        flask>=2.0
        mylib @ git+https://github.com/example/mylib
        ```

        ## Use instead
        ```
        flask==3.0.3
        mylib @ git+https://github.com/example/mylib@3f2a9c1d0e5b7a8c9d0e1f2a3b4c5d6e7f8a9b0c
        ```

        ## References
        - https://pip.pypa.io/en/stable/topics/repeatable-installs/
        """,
        references: ["https://pip.pypa.io/en/stable/topics/repeatable-installs/", "https://cwe.mitre.org/data/definitions/1104.html"])

    public static let missingHashes = RuleDescriptor(
        id: "DEP-NO-HASH", name: "requirements-without-hashes",
        summary: "Requirements are installed without hash checking",
        severity: .info, confidence: .high, owasp: .a08, cwe: CWE(494), analysis: .dependencies,
        documentation: """
        ## What it does
        Reports a requirements file whose pinned requirements carry no `--hash` (Info, once per file), and \
        each requirement without a hash in a file that uses hashes for others (Low: pip refuses such a file \
        in hash-checking mode).

        ## Why is this bad?
        Without hashes, a compromised index or mirror can serve a different file under the same version.

        ## Example
        ```
        requests==2.32.4
        ```

        ## Use instead
        ```
        requests==2.32.4 \\
            --hash=sha256:...
        ```
        (`pip-compile --generate-hashes`, `uv pip compile --generate-hashes`.)

        ## References
        - https://pip.pypa.io/en/stable/topics/secure-installs/#hash-checking-mode
        """,
        references: ["https://pip.pypa.io/en/stable/topics/secure-installs/#hash-checking-mode"])

    public static let noLockFile = RuleDescriptor(
        id: "DEP-NO-LOCK", name: "no-lock-file",
        summary: "The project declares dependencies but has no lock file",
        severity: .info, confidence: .medium, owasp: .a06, cwe: CWE(1104), analysis: .dependencies,
        documentation: """
        ## What it does
        Reports a `pyproject.toml`, `setup.cfg` or `Pipfile` that declares dependencies when the project has \
        no lock file (poetry.lock, uv.lock, pdm.lock, Pipfile.lock, pylock.toml) and no fully pinned \
        requirements file. Libraries can silence it with `--library`.

        ## Why is this bad?
        Without a lock, each install resolves afresh: what was tested is not what is deployed, and the \
        deployed versions cannot be audited.

        ## Example
        A `pyproject.toml` with `dependencies = ["flask>=2"]` and nothing else.

        ## Use instead
        Commit a lock file (`uv lock`, `poetry lock`, `pdm lock`, `pip-compile`).

        ## References
        - https://packaging.python.org/en/latest/specifications/pylock-toml/
        """,
        references: ["https://packaging.python.org/en/latest/specifications/pylock-toml/"])

    /// Every dependency rule, for `taintline rules`, SARIF and the README.
    public static let all: [RuleDescriptor] = [vulnerable, vulnerableRange, unpinned, missingHashes, noLockFile]
}
