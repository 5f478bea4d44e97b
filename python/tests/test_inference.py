"""Python surface of API prices, task profiles, price ratios and the inference roofline."""
import pytest

import llmcost


def test_api_price_by_alias_with_sources():
    r1 = llmcost.api_price("deepseek-reasoner")
    # DeepSeek API pricing page (early 2025): 0.14 hit / 0.55 miss / 2.19 output per 1M tokens.
    assert r1["id"] == "deepseek-r1"
    assert (r1["input_cache_hit_usd_per_mtok"], r1["input_cache_miss_usd_per_mtok"], r1["output_usd_per_mtok"]) == (
        0.14, 0.55, 2.19)
    assert r1["output_usd_per_token"] == pytest.approx(2.19e-6)
    assert r1["sources"]["output"]["grade"] == "primary"
    ids = {p["id"] for p in llmcost.api_prices()}
    assert {"o1", "o1-mini", "o1-mini-launch", "o3-mini", "gpt-4o", "gpt-4o-mini", "deepseek-v3"} <= ids


def test_unknown_price_sheet_is_keyerror_with_tag():
    with pytest.raises(KeyError, match=r"llmcost\.pricing\.unknown_price_sheet.*closest"):
        llmcost.api_price("o7")


def test_list_price_ratios_reproduce_published():
    # OpenAI and DeepSeek list prices (api-docs pricing-details-usd): 15/0.55 = 27.3×, 60/2.19 = 27.4×, 7.50/0.14 = 53.6×.
    r = llmcost.list_price_ratios("o1", "deepseek-r1")
    assert round(r["input_cache_miss"], 1) == 27.3
    assert round(r["output"], 1) == 27.4
    assert round(r["input_cache_hit"], 1) == 53.6
    g = llmcost.price_ratio_grid("o1", "deepseek-r1")
    assert g["low"] == pytest.approx(15 / 0.55) and g["high"] == pytest.approx(7.5 / 0.14)


def test_price_ratio_per_task_and_reasoning_multiplier():
    # chat: o1 88,875 µ$ vs R1 3,145.5 µ$ (hand computation in tests/pricing/task_profile_test.cpp).
    assert llmcost.price_ratio("o1", "deepseek-r1", profile="chat") == pytest.approx(88875 / 3145.5)
    # math: R1 thinking 2× as long: 513,000 / (200×0.55 + 16,500×2.19) = 513,000 / 36,245.
    assert llmcost.price_ratio("o1", "r1", profile="math-reasoning", reasoning_multiplier=2) == pytest.approx(
        513000 / 36245)
    profiles = {p["id"]: p for p in llmcost.task_profiles()}
    assert {"chat", "rag-long-context", "coding", "math-reasoning"} <= set(profiles)
    assert profiles["chat"]["assumptions"]


def test_cost_per_task_and_cache_fraction_domain():
    # 1000 × (0.4×0.14 + 0.6×0.55) + 3200 × 2.19 = 7,394 µ$.
    assert llmcost.cost_per_task("deepseek-r1", input_tokens=1000, cached_fraction=0.4, output_tokens=200,
                                 reasoning_tokens=3000) == pytest.approx(7394e-6)
    with pytest.raises(ValueError, match=r"^\[llmcost\.pricing\.cached_fraction\]"):
        llmcost.cost_per_task("o1", input_tokens=10, cached_fraction=1.2, output_tokens=1)


def test_negative_price_in_user_file(tmp_path):
    f = tmp_path / "p.toml"
    f.write_text('[sources.me]\ncitation = "x"\n[[price]]\nid = "x"\nprovider = "x"\nmodel = "x"\napi_id = "x"\n'
                 'effective_from = "2025"\nreasoning_model = false\nreasoning_billed_as_output = false\n'
                 'input_cache_hit_usd_per_mtok = { value = 1, source = "me", grade = "weak" }\n'
                 'input_cache_miss_usd_per_mtok = { value = 1, source = "me", grade = "weak" }\n'
                 'output_usd_per_mtok = { value = -3, source = "me", grade = "weak" }\n')
    with pytest.raises(ValueError, match=r"(?s)llmcost\.pricing\.invalid_file.*p\.toml:13:33: .*-3"):
        llmcost.load_api_prices(str(f))


def test_estimate_inference_roofline_and_errors():
    d = llmcost.estimate_inference(chip="H800", gpus=144, batch_per_gpu=128, context_tokens=4989, micro_batches=2,
                                   max_nodes_per_token=4, cached_fraction=342 / 608)
    assert d["decode"]["tokens_per_s_per_node"] == pytest.approx(8 * d["decode_tokens_per_s_per_gpu"])
    # $/token = $2 / 3600 s / (tokens/s per GPU); $2/GPU-hour is H800's catalog quote (DeepSeek's assumption).
    assert d.price_usd_per_gpu_hour == 2.0
    assert d.output_usd_per_token == pytest.approx(2 / 3600 / d.decode_tokens_per_s_per_gpu)
    # Longer context -> more attention time per step (KV term grows with context).
    longer = llmcost.estimate_inference(chip="H800", gpus=144, batch_per_gpu=128, context_tokens=2 * 4989,
                                        micro_batches=2, max_nodes_per_token=4)
    assert longer["decode"]["breakdown"]["attention_s"] == pytest.approx(2 * d["decode"]["breakdown"]["attention_s"])
    with pytest.raises(ValueError, match=r"^\[llmcost\.inference\.batch\]"):
        llmcost.estimate_inference(batch_per_gpu=0)
    with pytest.raises(ValueError, match=r"llmcost\.pricing\.invalid_price"):
        llmcost.estimate_inference(price_usd_per_gpu_hour=-1)
    w = llmcost.estimate_inference(context_tokens=200000)
    assert any("exceeds" in x for x in w.warnings)


def test_estimate_inference_takes_any_model():
    # A dense model from its preset and from a Hugging Face config.json; DeepSeek-V3 is only the default.
    dense = llmcost.estimate_inference(model="llama-3.1-8b", chip="H100", gpus=1, weight_precision="bf16")
    assert dense.model == "llama-3.1-8b" and dense["decode"]["breakdown"]["experts_s"] == 0
    import pathlib
    cfg = pathlib.Path(__file__).resolve().parents[2] / "tests" / "model" / "fixtures" / "qwen2.json"
    assert llmcost.estimate_inference(hf_config=cfg, chip="H100", gpus=1).decode_tokens_per_s_per_gpu > 0
    # A chip without a rental quote: throughput, and the cost is None with a note.
    r = llmcost.estimate_inference(model="llama-3.1-8b", chip="MI300X", gpus=1)
    assert r.decode_tokens_per_s_per_gpu > 0 and r.output_usd_per_token is None and r.notes


def test_inference_arrays_with_a_model_name_equal_the_scalar_calls():
    np = pytest.importorskip("numpy")
    import pathlib
    cfg = str(pathlib.Path(__file__).resolve().parents[2] / "tests" / "model" / "fixtures" / "qwen2.json")
    for kw in (dict(model="llama-3.1-70b", chip="H100", tensor_parallel=8, weight_precision="bf16"),
               dict(hf_config=cfg, chip="H100", weight_precision="bf16", price_usd_per_gpu_hour=3.0)):
        gpus = np.array([8.0, 16.0, 32.0])
        arr = llmcost.estimate_inference(gpus=gpus, **kw)
        for i, g in enumerate(gpus):
            s = llmcost.estimate_inference(gpus=float(g), **kw)
            assert arr.decode_tokens_per_s_per_gpu[i] == s.decode_tokens_per_s_per_gpu
            assert arr.prefill_computed_tokens_per_s_per_gpu[i] == s.prefill_tokens_per_s_per_gpu
            assert arr.output_usd_per_token[i] == s.output_usd_per_token
    # No price given and no catalog quote: the cost arrays are absent, as the scalar cost is None.
    arr = llmcost.estimate_inference(model="llama-3.1-8b", chip="MI300X", gpus=1, batch_per_gpu=[1.0, 8.0])
    assert "output_usd_per_token" not in arr and arr.decode_tokens_per_s_per_gpu[1] == llmcost.estimate_inference(
        model="llama-3.1-8b", chip="MI300X", gpus=1, batch_per_gpu=8.0).decode_tokens_per_s_per_gpu
