namespace Lepton.Monitor.Compliance.Exports;

/// <summary>The README and the checker script that travel in every audit bundle.</summary>
internal static class AuditBundleText
{
    public static string Readme(string? tenant) => $$"""
        # Lepton Monitor audit trail bundle

        Scope: {{(tenant is null ? "the whole audit log (every tenant)" : $"the entries of tenant `{tenant}`")}}.

        | file | what it is |
        |---|---|
        | entries.jsonl | one audit entry per line in sequence order: seq, at, atTicks, actor, tenant, action, target, details, previousHash, hash |
        | chain.json | scope, first/last seq, the last entry's hash, the hash rule, and the server's verification at export time |
        | verify.txt | the result of verifying the whole chain on the server when the bundle was made (the `lepton audit-verify` JSON) |
        | verify.py | a checker with no dependencies beyond Python 3 |

        ## The rule
        Each entry's `hash` is SHA-256 over the previous entry's hash (32 bytes; the first entry's previous hash is 32 zero
        bytes) followed by the UTF-8 bytes of these fields joined by a line feed (`\n`): seq, atTicks (UTC ticks of 100 ns since
        0001-01-01), actor, tenant (empty for global entries), action, target, details (the JSON text exactly as stored).

        ## How to verify, offline
        `python3 verify.py` in the unzipped folder (or `python3 verify.py bundle.zip`). It recomputes every entry's hash from its
        previousHash and content (any altered field fails), checks seqs ascend, and:
        - for a whole-log bundle, that seqs run from 1 without gaps and each entry's previousHash is the hash before it
          (nothing removed, inserted or reordered), and that the last hash equals chain.json's;
        - for a tenant bundle, the chain runs through other tenants' entries, which are not in the bundle: each entry is
          checked on its own and the last hash must equal verify.txt's `headHash`, which the server computed while walking
          the whole chain. Where the supervisor needs the link between entries too, ask the operator for a whole-log bundle
          (an admin export) and check it the same way.

        Exit code 0: every check held. Exit code 1: the first failure is printed.
        """;

    public const string Script = """
        #!/usr/bin/env python3
        # Offline checker for a Lepton Monitor audit bundle (see README.md). Python 3 standard library only.
        import hashlib, json, os, sys, zipfile

        def read(name, src):
            if src.endswith('.zip'):
                with zipfile.ZipFile(src) as z:
                    return z.read(name).decode('utf-8')
            with open(os.path.join(src, name), encoding='utf-8') as f:
                return f.read()

        def main():
            src = sys.argv[1] if len(sys.argv) > 1 else '.'
            chain = json.loads(read('chain.json', src))
            verify = json.loads(read('verify.txt', src))
            entries = [json.loads(l) for l in read('entries.jsonl', src).splitlines() if l.strip()]
            whole = chain['scope'] == 'all'
            prev_hash, prev_seq = chain['genesis'], 0
            for e in entries:
                if e['seq'] <= prev_seq:
                    return fail(f"entry {e['seq']}: out of order")
                if whole and e['seq'] != prev_seq + 1:
                    return fail(f"entry {prev_seq + 1} is missing")
                if whole and e['previousHash'] != prev_hash:
                    return fail(f"entry {e['seq']} does not link to the hash before it")
                canonical = '\n'.join([str(e['seq']), str(e['atTicks']), e['actor'], e['tenant'] or '', e['action'], e['target'], e['details']])
                h = hashlib.sha256(bytes.fromhex(e['previousHash']) + canonical.encode('utf-8')).hexdigest()
                if h != e['hash']:
                    return fail(f"entry {e['seq']} was altered: its content no longer matches its hash")
                prev_hash, prev_seq = e['hash'], e['seq']
            last = entries[-1]['hash'] if entries else None
            if last != chain.get('lastHash'):
                return fail('the last entry is not the one chain.json names (entries removed from the end?)')
            if not verify.get('valid'):
                return fail('the server reported the chain broken at export time: ' + str(verify.get('reason')))
            if not whole and last is not None and last != verify.get('headHash'):
                return fail("the last entry's hash differs from the server's headHash for this tenant")
            print(f"ok: {len(entries)} entries verified ({'whole log' if whole else 'tenant ' + str(chain.get('tenant'))})")
            return 0

        def fail(message):
            print('FAILED: ' + message)
            return 1

        if __name__ == '__main__':
            sys.exit(main())
        """;
}
