#!/usr/bin/env python3
"""Copies staged config.json files and their manifests (manifest-*.toml in SOURCE_DIR) into this
directory and writes one merged manifest.toml. The config files are copied byte for byte.

    /usr/bin/python3 tests/data/hf_configs/merge.py /path/to/staging

Fields added here (not by the collectors), kept across re-runs from the current manifest.toml:
  expect_error  the tag the import must refuse the config with (a shape not modelled);
  count         "total" (default) or "total_with_mtp": which llmcost count the published one covers;
  tolerance     relative tolerance (default 0.001); a larger one needs `gap` explaining it;
  gap           why the count differs by more than 0.1%;
  rounded_params, rounded_to, rounded_source   where no exact count is published: the rounded one
                (e.g. 16.376e9 rounded to 1e6), its rounding unit and where it is stated (quoted
                from the collector's params_source); the test checks |llmcost − rounded| <= rounded_to / 2.
"""
import json
import os
import shutil
import sys
import tomllib

HERE = os.path.dirname(os.path.abspath(__file__))
OURS = ("expect_error", "count", "tolerance", "gap", "rounded_params", "rounded_to", "rounded_source")
ORDER = ("model_type", "file", "repo", "config_source", "published_params", "params_basis", "params_source",
         "covers", "note") + OURS


def main(src):
    kept = {}
    mine = os.path.join(HERE, "manifest.toml")
    if os.path.exists(mine):
        for c in tomllib.load(open(mine, "rb")).get("config", []):
            kept[c["file"]] = {k: c[k] for k in OURS if k in c}
    rows = []
    for name in sorted(os.listdir(src)):
        if name.startswith("manifest-") and name.endswith(".toml"):
            for c in tomllib.load(open(os.path.join(src, name), "rb")).get("config", []):
                if not os.path.exists(os.path.join(src, c["file"])):
                    continue
                c.update(kept.get(c["file"], {}))
                rows.append(c)
    rows.sort(key=lambda c: (c["model_type"], c["file"]))
    out = ["# Real Hugging Face config.json files with their published parameter counts (merged by merge.py;",
           "# sources per entry). Read by tests/model/hf_real_configs_test.cpp.", ""]
    for c in rows:
        shutil.copyfile(os.path.join(src, c["file"]), os.path.join(HERE, c["file"]))
        out.append("[[config]]")
        for k in ORDER + tuple(k for k in c if k not in ORDER):
            if k in c:
                out.append(f"{k} = {json.dumps(c[k], ensure_ascii=False)}")
        out.append("")
    open(mine, "w").write("\n".join(out))
    print(f"{len(rows)} configs")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/work/hfdata")
