"""Python sees the step-time model's stated defaults: a chip whose catalog entry lacks a figure the
model needs still gets a prediction, and the result names the default and its source."""
import llmcost


def test_search_names_the_default_for_a_chip_without_a_nic_figure():
    r = llmcost.search_layouts(model="llama-3.1-8b", chip="H100-PCIE", gpus=16, seq_len=4096,
                               global_batch_tokens=512 * 4096, threads=1)
    assert r.fastest is not None
    named = {d["input"]: d for d in r["defaults"]}
    # One 200 Gb/s NIC per GPU: 200e9 / 8 B/s each way (the DGX A100 design).
    assert float(named["scale_out_per_direction_bytes_per_s"]["value"]) == 200e9 / 8
    assert "DGX A100" in named["scale_out_per_direction_bytes_per_s"]["source"]
    # A stated NIC bandwidth is no default.
    r = llmcost.search_layouts(model="llama-3.1-8b", chip="H100-PCIE", gpus=16, seq_len=4096,
                               global_batch_tokens=512 * 4096, threads=1,
                               scale_out_per_direction_bytes_per_s=50e9)
    assert "scale_out_per_direction_bytes_per_s" not in {d["input"] for d in r["defaults"]}


def test_a_fully_described_chip_has_no_cluster_defaults():
    r = llmcost.search_layouts(model="llama-3.1-8b", chip="H100", gpus=16, seq_len=4096,
                               global_batch_tokens=512 * 4096, threads=1)
    assert r["defaults"] == []


def test_training_request_lists_the_cluster_defaults():
    r = llmcost.estimate_training(model=llmcost.model("llama-3.1-8b"), chip="TPU-v5e", gpus=16, tokens=1e10, pp=2,
                                  global_batch_tokens=512 * 4096, zero_stage=3)
    names = {d["input"] for d in r.to_dict()["defaults"]}
    # TPU v5e: no NIC per chip in the catalog (ICI within a slice).
    assert "scale_out_per_direction_bytes_per_s" in names
    assert r.gpu_hours > 0

