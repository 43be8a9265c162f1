#!/usr/bin/env python3
"""Validate a labelled batch: python3 validate.py /work/label-out/batch-NN.jsonl /work/label-tasks/batch-NN.jsonl"""
import json, sys
STAGES = {"awareness","consideration","purchase","fulfilment","onboarding","usage","support","retention","advocacy"}
TPS = {"website","mobile_app","account_login","checkout","billing","delivery","product","email","notifications",
       "phone_support","live_chat","email_support","help_center","store","social_media"}
ITEM_S = {"positive","negative","neutral","mixed"}
CL_S = {"positive","negative","neutral"}
out, task = sys.argv[1], sys.argv[2]
tasks = [json.loads(l) for l in open(task) if l.strip()]
errors = 0
rows = []
for n, line in enumerate(open(out), 1):
    if not line.strip():
        continue
    try:
        r = json.loads(line)
    except Exception as e:
        print(f"line {n}: not JSON: {e}"); errors += 1; continue
    rows.append(r)
    def err(msg):
        global errors
        errors += 1
        print(f"line {n} ({r.get('id')}): {msg}")
    t = tasks[len(rows)-1] if len(rows) <= len(tasks) else None
    if t is None or t["id"] != r.get("id"):
        err(f"id out of order: expected {t and t['id']}")
    elif r.get("text") != t["text"]:
        err("text differs from the task text (copy it exactly)")
    if r.get("stage") not in STAGES: err(f"bad item stage {r.get('stage')}")
    if r.get("touchpoint") is not None and r.get("touchpoint") not in TPS: err(f"bad item touchpoint {r.get('touchpoint')}")
    if r.get("sentiment") not in ITEM_S: err(f"bad item sentiment {r.get('sentiment')}")
    if not isinstance(r.get("language"), str) or len(r["language"]) != 2: err("language must be a 2-letter code")
    ms = r.get("mentions")
    if not isinstance(ms, list) or not ms: err("mentions must be a non-empty list"); continue
    for m in ms:
        if m.get("stage") not in STAGES: err(f"bad mention stage {m.get('stage')}")
        if m.get("touchpoint") is not None and m.get("touchpoint") not in TPS: err(f"bad mention touchpoint {m.get('touchpoint')}")
        if m.get("sentiment") not in CL_S: err(f"bad mention sentiment {m.get('sentiment')}")
        q = m.get("quote")
        if not isinstance(q, str) or not q or q not in (r.get("text") or ""): err(f"quote is not an exact substring of text: {q!r}")
print(f"{len(rows)} rows checked of {len(tasks)} tasks, {errors} errors")
sys.exit(1 if errors else 0)
