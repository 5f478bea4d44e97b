// Default program-cost assumptions and the DeepSeek fleet allegations.
#include "llmcost/pricing/program.hpp"

#include "llmcost/hardware/catalog.hpp"
#include "llmcost/pricing/fleet.hpp"

namespace llmcost {
ProgramAssumptions default_program_assumptions() {
  ProgramAssumptions a;
  a.experiments = {ratio(0.5), ratio(1.0), ratio(3.0),
                   make_provenance("assumption", "llmcost assumption (no public figure for DeepSeek's research compute)", "", "",
                        Grade::weak,
                        "research/ablation compute = 0.5x / 1x / 3x the final run; DeepSeek-V3 TR section 1 says only "
                        "that these costs are excluded")};
  a.failed_runs = {ratio(0.0), ratio(0.1), ratio(0.3),
                   make_provenance("assumption", "llmcost assumption", "", "", Grade::weak,
                        "failed or restarted runs = 0 / 0.1 / 0.3 of the final run; DeepSeek-V3 README reports no "
                        "irrecoverable loss spikes and no rollbacks in the final run")};
  a.staff_share = {ratio(0.29), ratio(0.39), ratio(0.49),
                   make_provenance("cottier-2024",
                        "Cottier et al., 'The rising costs of training frontier AI models', arXiv:2405.21015: R&D staff "
                        "29-49% of development cost (hardware 47-67%, energy 2-6%) for frontier models",
                        "https://arxiv.org/abs/2405.21015", "2024-05", Grade::secondary,
                        "base = midpoint 39%; Western frontier labs, not DeepSeek (salaries differ)")};
  a.data = {usd(0), usd(0), usd(0),
            make_provenance("assumption", "llmcost assumption", "", "", Grade::weak,
                 "data cost not modelled (0); no public figure for DeepSeek")};
  return a;
}

Fleet semianalysis_deepseek_fleet() {
  const Accelerator& h800 = chip("H800");
  OwnershipTco t = tco_preset("china-owner", usd_per_gpu(1.0), h800.tdp ? h800.tdp->value : watts(700));
  return fleet_from_total_capex(
      "semianalysis-deepseek-hopper", gpu_count(50000), usd(1.6e9), std::move(t),
      make_provenance("semianalysis-2025", "SemiAnalysis, 'DeepSeek Debates' (2025-01-31; paywalled model, relayed by Tom's Hardware, "
                                "Taiwan News, CNBC): ~50,000 Hopper GPUs, ~$1.6B total server capex",
           "https://semianalysis.com/2025/01/31/deepseek-debates/", "2025-01-31", Grade::secondary,
           "some relays read $1.3B from the chart; the $1.6B may cover 60,000 chips incl. 10,000 A100"));
}

Fleet fifty_thousand_h100_fleet() {
  const Accelerator& h100 = chip("H100");
  const UsdPerGpu price = h100.purchase_price ? h100.purchase_price->mid() : usd_per_gpu(30000);
  OwnershipTco t = tco_preset("china-owner", price, h100.tdp ? h100.tdp->value : watts(700));
  return Fleet{"fifty-thousand-h100", gpu_count(50000), std::move(t),
               make_provenance("wang-cnbc-2025", "Alexandr Wang (Scale AI), CNBC interview at Davos, 2025-01-23: 'DeepSeek has more "
                                      "than 50,000 H100s' (relayed by Livemint, CNBC)",
                    "", "2025-01-23", Grade::weak, "claim offered without evidence")};
}

}  // namespace llmcost
