// The model families whose config keys need code: GPT-2, GPT-BigCode, GPT-J (and CodeGen), GPT-NeoX,
// OPT, BLOOM, Falcon and MPT. Shapes follow each family's `transformers` modeling file.
#include <cmath>

#include "model/hf_reader.hpp"

namespace llmcost::detail::hf {

std::optional<Family> family_of(std::string_view reader) {
  if (reader == "gpt2") return Family::gpt2;
  if (reader == "gpt_bigcode") return Family::gpt_bigcode;
  if (reader == "gptj") return Family::gptj;
  if (reader == "gpt_neox") return Family::gpt_neox;
  if (reader == "opt") return Family::opt;
  if (reader == "bloom") return Family::bloom;
  if (reader == "falcon") return Family::falcon;
  if (reader == "mpt") return Family::mpt;
  return std::nullopt;
}

int head_dim_of(const Reader& r, int hidden, int heads, const char* heads_key) {
  return head_dim_of(r, hidden, heads, heads_key, Keys{"head_dim"});
}

int kv_heads_of(const Reader& r, int heads, Keys keys) { return kv_heads_of<Keys>(r, heads, keys); }

void set_kind(Attention& a) {
  a.kind = a.num_kv_heads == a.num_heads ? AttentionKind::mha : AttentionKind::gqa;
}

void read_gpt2_like(const Reader& r, Family f, Transformer& t) {
  const char* heads_key = r.first(kHeads);
  Attention& a = t.attention;
  a.head_dim = head_dim_of(r, t.hidden_size, a.num_heads, heads_key);
  a.num_kv_heads = a.num_heads;
  if (f == Family::gpt_bigcode && r.opt_bool("multi_query").value_or(true)) a.num_kv_heads = 1;
  set_kind(a);
  t.norm = NormKind::layernorm;
  t.ffn.kind = FfnKind::plain;
  t.ffn.intermediate_size = r.opt_size({"n_inner"}).value_or(4 * t.hidden_size);
  if (f == Family::gptj) {
    // GPTJBlock: one ln_1 feeding attention and MLP in parallel; no q/k/v/out biases;
    // lm_head with bias.
    t.positions = PositionKind::rotary;
    t.norms_per_layer = 1;
    t.parallel_blocks = true;
    t.ffn.bias = true;
    t.lm_head_bias = true;
  } else {
    t.positions = PositionKind::learned;
    t.learned_positions = r.req_size({"n_positions", "max_position_embeddings"});
    a.qkv_bias = a.out_bias = true;
    t.ffn.bias = true;
  }
}

void read_family(const Reader& r, Family f, Transformer& t) {
  const char* heads_key = r.first(kHeads);
  Attention& a = t.attention;
  switch (f) {
    case Family::gpt_neox: {
      a.head_dim = head_dim_of(r, t.hidden_size, a.num_heads, heads_key);
      a.num_kv_heads = a.num_heads;
      a.qkv_bias = a.out_bias = r.opt_bool("attention_bias").value_or(true);
      t.norm = NormKind::layernorm;
      t.positions = PositionKind::rotary;
      t.parallel_blocks = r.opt_bool("use_parallel_residual").value_or(true);
      t.ffn = Ffn{FfnKind::plain, r.req_size({"intermediate_size"}), true};
      break;
    }
    case Family::opt: {
      a.head_dim = head_dim_of(r, t.hidden_size, a.num_heads, heads_key);
      a.num_kv_heads = a.num_heads;
      const bool bias = r.opt_bool("enable_bias").value_or(true);
      a.qkv_bias = a.out_bias = bias;
      t.norm = NormKind::layernorm;
      t.positions = PositionKind::learned;
      // OPTLearnedPositionalEmbedding keeps 2 extra rows (offset 2).
      t.learned_positions = r.req_size({"max_position_embeddings"}) + 2;
      t.ffn = Ffn{FfnKind::plain, r.req_size({"ffn_dim", "intermediate_size"}), bias};
      t.final_norm = r.opt_bool("do_layer_norm_before").value_or(true) &&
                     !r.opt_bool("_remove_final_layer_norm").value_or(false);
      if (auto p = r.opt_size({"word_embed_proj_dim"}); p && *p != t.hidden_size)
        t.warnings.push_back(detail::concat("word_embed_proj_dim = ", *p, " differs from hidden_size = ",
                                            t.hidden_size, "; project_in/project_out are not counted"));
      break;
    }
    case Family::bloom: {
      a.head_dim = head_dim_of(r, t.hidden_size, a.num_heads, heads_key);
      a.num_kv_heads = a.num_heads;
      a.qkv_bias = a.out_bias = true;
      t.norm = NormKind::layernorm;
      t.embedding_norm = true;  // word_embeddings_layernorm
      t.positions = PositionKind::alibi;
      t.ffn = Ffn{FfnKind::plain, 4 * t.hidden_size, true};  // BloomMLP: always 4·H
      break;
    }
    case Family::falcon: {
      a.head_dim = head_dim_of(r, t.hidden_size, a.num_heads, heads_key);
      const bool new_arch = r.opt_bool("new_decoder_architecture").value_or(false);
      const bool parallel = r.opt_bool("parallel_attn").value_or(true);
      if (new_arch) {
        a.num_kv_heads = kv_heads_of(r, a.num_heads, {"num_kv_heads", "num_key_value_heads"});
        t.norms_per_layer = r.opt_size({"num_ln_in_parallel_attn"}).value_or(2);
      } else {
        a.num_kv_heads = r.opt_bool("multi_query").value_or(true) ? 1 : a.num_heads;
        t.norms_per_layer = parallel ? 1 : 2;
      }
      const bool bias = r.opt_bool("bias").value_or(false);
      a.qkv_bias = a.out_bias = bias;
      t.norm = NormKind::layernorm;
      t.positions = r.opt_bool("alibi").value_or(false) ? PositionKind::alibi : PositionKind::rotary;
      t.parallel_blocks = parallel || new_arch;
      t.ffn = Ffn{FfnKind::plain, r.opt_size({"ffn_hidden_size"}).value_or(4 * t.hidden_size), bias};
      break;
    }
    case Family::mpt: {
      a.head_dim = head_dim_of(r, t.hidden_size, a.num_heads, heads_key);
      a.num_kv_heads = a.num_heads;
      bool alibi = false;
      if (const json* ac = r.get("attn_config")) {
        if (!ac->is_object()) r.fail(kInvalid, "attn_config", "must be an object");
        if (auto it = ac->find("alibi"); it != ac->end() && it->is_boolean()) alibi = it->get<bool>();
        if (auto it = ac->find("kv_n_heads"); it != ac->end() && it->is_number_integer()) {
          const auto kv = it->get<long long>();
          if (kv <= 0 || kv > a.num_heads || a.num_heads % kv != 0)
            r.fail(kInconsistent, "kv_n_heads", detail::concat("= ", kv, " does not divide n_heads"));
          a.num_kv_heads = static_cast<int>(kv);
        }
      }
      const bool no_bias = r.opt_bool("no_bias").value_or(true);
      a.qkv_bias = a.out_bias = !no_bias;
      t.norm = no_bias ? NormKind::layernorm_no_bias : NormKind::layernorm;
      t.tie_embeddings = true;  // MPT projects logits with the token embedding
      if (alibi) {
        t.positions = PositionKind::alibi;
      } else if (r.opt_bool("learned_pos_emb").value_or(true)) {
        t.positions = PositionKind::learned;
        t.learned_positions = r.req_size({"max_seq_len"});
      }
      const double ratio = r.has("expansion_ratio") ? r.number("expansion_ratio") : 4.0;
      if (!(ratio > 0)) r.fail(kInconsistent, "expansion_ratio", "must be > 0");
      const double inter = std::round(ratio * t.hidden_size);
      if (inter < 1 || inter > model_limits::max_intermediate_size)
        r.fail(kOutOfRange, "expansion_ratio",
               detail::concat("= ", ratio, " gives an MLP width of ", inter, " for hidden size ", t.hidden_size,
                              ", outside the accepted range [1, ", model_limits::max_intermediate_size, "]"));
      t.ffn = Ffn{FfnKind::plain, static_cast<int>(inter), !no_bias};
      break;
    }
    default: break;
  }
  set_kind(a);
}

void set_legacy_activation(Family f, Transformer& t) {
  switch (f) {
    case Family::gpt2:
    case Family::gpt_bigcode:
    case Family::gptj:
    case Family::bloom: t.ffn.activation = Activation::gelu_tanh; break;
    case Family::opt: t.ffn.activation = Activation::relu; break;
    default: t.ffn.activation = Activation::gelu; break;
  }
}

}  // namespace llmcost::detail::hf
