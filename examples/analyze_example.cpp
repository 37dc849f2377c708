// SPDX-License-Identifier: GPL-3.0-or-later
// The same analysis from C++: the C headers are C++-clean (extern "C", no C-only constructs), and
// a small RAII wrapper frees the handles. Usage: analyze_example_cpp FILE.c3d [FOOT_LENGTH_M]
#include <gait/gait.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <string>

namespace
{

struct C3dCloser {
    void operator()(gait_c3d *c3d) const
    {
        gait_c3d_close(c3d);
    }
};
struct TrialFreer {
    void operator()(gait_trial *trial) const
    {
        gait_trial_free(trial);
    }
};
using C3dPtr = std::unique_ptr<gait_c3d, C3dCloser>;
using TrialPtr = std::unique_ptr<gait_trial, TrialFreer>;

void check(gait_status status, const std::string &what)
{
    if (status != GAIT_OK)
        throw std::runtime_error(what + ": " + gait_strerror(status) + ": " +
                                 gait_last_error_detail());
}

TrialPtr analyze(const char *path, double foot_length_m)
{
    gait_c3d *raw_c3d = nullptr;
    check(gait_c3d_open(path, &raw_c3d), path);
    C3dPtr c3d(raw_c3d);
    gait_analyze_settings settings = gait_analyze_settings_default();
    settings.foot_length_m = foot_length_m;
    gait_trial *raw_trial = nullptr;
    check(gait_analyze_c3d(c3d.get(), &settings, &raw_trial), path);
    return TrialPtr(raw_trial);
}

} // namespace

int main(int argc, char **argv)
{
    if (argc != 2 && argc != 3) {
        std::fprintf(stderr, "usage: %s FILE.c3d [FOOT_LENGTH_M]\n", argv[0]);
        return 2;
    }
    try {
        TrialPtr trial = analyze(argv[1], argc == 3 ? std::atof(argv[2]) : 0.0);
        for (std::size_t i = 0; i < gait_trial_step_count(trial.get()); i++) {
            gait_step step;
            check(gait_trial_get_step(trial.get(), i, &step), "step");
            std::printf(
                "step %zu %-5s inversion moment %.3f N.m/kg, external rotation %.2f deg\n", i + 1,
                step.side == 0   ? "right"
                : step.side == 1 ? "left"
                                 : "?",
                step.ankle_inversion_moment_peak_nm_kg, step.ankle_external_rotation_peak_deg);
        }
        gait_trial_summary summary;
        check(gait_trial_get_summary(trial.get(), &summary), "summary");
        std::printf("cadence %.1f steps/min\n", summary.cadence_spm);
    } catch (const std::exception &err) {
        std::fprintf(stderr, "%s\n", err.what());
        return 1;
    }
    return 0;
}
