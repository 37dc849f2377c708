/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What `gait analyze` and `gait batch` share: opening a recording's files, the trial as JSON (the
 * keys of every output), the CSV step columns and cells, and the long-format curve rows. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "trial_output.h"

static const char *const mass_sources[] = {"unknown", "file", "option", "force"};

static json_t *number_or_null(double value)
{
    return isfinite(value) ? json_real(value) : json_null();
}

static json_t *step_json(const gait_step *s, const gait_trial *trial)
{
    json_t *step = json_object();
    gait_trial_sensor sensor;
    if (s->sensor >= 0 && gait_trial_get_sensor(trial, (size_t)s->sensor, &sensor) == GAIT_OK)
        json_object_set_new(step, "sensor", json_string(sensor.name));
    json_object_set_new(step, "side",
                        cli_side_name(s->side) ? json_string(cli_side_name(s->side)) : json_null());
    json_object_set_new(step, "complete", json_boolean(s->complete));
    json_object_set_new(step, "events_from",
                        json_string(s->sensor >= 0  ? "imu"
                                    : s->from_plate ? "plate"
                                                    : "markers"));
    json_object_set_new(step, "plate", s->plate >= 0 ? json_integer(s->plate + 1) : json_null());
    json_object_set_new(step, "ic_s", number_or_null(s->ic_s));
    json_object_set_new(step, "to_s", number_or_null(s->to_s));
    json_object_set_new(step, "contact_time_s", number_or_null(s->contact_time_s));
    json_object_set_new(step, "flight_time_s", number_or_null(s->flight_time_s));
    json_object_set_new(step, "step_time_s", number_or_null(s->step_time_s));
    json_object_set_new(step, "stride_time_s", number_or_null(s->stride_time_s));
    json_object_set_new(step, "swing_time_s", number_or_null(s->swing_time_s));
    json_object_set_new(step, "peak_vgrf_n", number_or_null(s->peak_vgrf_n));
    json_object_set_new(step, "peak_vgrf_bw", number_or_null(s->peak_vgrf_bw));
    json_object_set_new(step, "impact_peak_bw", number_or_null(s->impact_peak_bw));
    json_object_set_new(step, "loading_rate_bw_s", number_or_null(s->loading_rate_bw_s));
    json_object_set_new(step, "instantaneous_loading_rate_bw_s",
                        number_or_null(s->instantaneous_loading_rate_bw_s));
    json_object_set_new(step, "braking_impulse_bw_s", number_or_null(s->braking_impulse_bw_s));
    json_object_set_new(step, "propulsive_impulse_bw_s",
                        number_or_null(s->propulsive_impulse_bw_s));
    json_object_set_new(step, "strike_index", number_or_null(s->strike_index));
    json_object_set_new(step, "strike_pattern",
                        s->strike_pattern >= 0 && s->strike_pattern <= 2
                            ? json_string(cli_pattern_names[s->strike_pattern])
                            : json_null());
    json_object_set_new(step, "foot_strike_angle_deg", number_or_null(s->foot_strike_angle_deg));
    json_object_set_new(step, "ankle_inversion_moment_peak_nm_kg",
                        number_or_null(s->ankle_inversion_moment_peak_nm_kg));
    json_object_set_new(step, "ankle_eversion_moment_peak_nm_kg",
                        number_or_null(s->ankle_eversion_moment_peak_nm_kg));
    json_object_set_new(step, "ankle_plantarflexion_moment_peak_nm_kg",
                        number_or_null(s->ankle_plantarflexion_moment_peak_nm_kg));
    json_object_set_new(step, "ankle_external_rotation_peak_deg",
                        number_or_null(s->ankle_external_rotation_peak_deg));
    json_object_set_new(step, "ankle_eversion_peak_deg",
                        number_or_null(s->ankle_eversion_peak_deg));
    json_object_set_new(step, "ankle_dorsiflexion_ic_deg",
                        number_or_null(s->ankle_dorsiflexion_ic_deg));
    json_object_set_new(step, "stride_length_m", number_or_null(s->stride_length_m));
    json_object_set_new(step, "speed_m_s", number_or_null(s->speed_m_s));
    return step;
}

static json_t *per_marker(const double *values)
{
    json_t *object = json_object();
    for (size_t k = 0; k < GAIT_STEP_MARKER_COUNT; k++) {
        const char *name = gait_step_marker_name(k);
        if (name != NULL)
            json_object_set_new(object, name, number_or_null(values[k]));
    }
    return object;
}

static json_t *summary_json(const gait_trial_summary *s)
{
    json_t *summary = json_object();
    json_object_set_new(summary, "cadence_spm", number_or_null(s->cadence_spm));
    json_object_set_new(summary, "steps", json_integer((json_int_t)s->n_steps));
    json_object_set_new(summary, "complete_steps", json_integer((json_int_t)s->n_complete));
    for (int side = 0; side < 2; side++) {
        json_t *per_side = json_object();
        json_object_set_new(per_side, "complete_steps", json_integer((json_int_t)s->n_side[side]));
        json_object_set_new(per_side, "mean", per_marker(s->mean[side]));
        json_object_set_new(per_side, "sd", per_marker(s->sd[side]));
        json_object_set_new(summary, cli_side_name(side), per_side);
    }
    json_object_set_new(summary, "symmetry_index_pct", per_marker(s->symmetry_index_pct));
    return summary;
}

json_t *trial_json(const char *path, const gait_trial *trial)
{
    json_t *root = json_object();
    json_object_set_new(root, "file", json_string(path));
    gait_mass_source source;
    double mass = gait_trial_body_mass_kg(trial, &source);
    json_object_set_new(root, "body_mass_kg", number_or_null(mass));
    json_object_set_new(
        root, "mass_source",
        json_string(mass_sources[(int)source >= 0 && (int)source < 4 ? source : 0]));
    int axis = 2, sign = 1;
    json_object_set_new(root, "frame", json_string(gait_trial_frame(trial, &axis, &sign, NULL)));
    gait_moment_frame moment_frame = GAIT_MOMENT_FOOT;
    const char *problems[2] = {"", ""};
    int plugin_gait = 0;
    const char *marker_set =
        gait_trial_ankle(trial, &moment_frame, &plugin_gait, &problems[0], &problems[1]);
    json_t *ankle = json_object();
    json_object_set_new(ankle, "marker_set", json_string(marker_set != NULL ? marker_set : ""));
    json_object_set_new(ankle, "model", json_string(plugin_gait ? "plug-in-gait" : "libgait"));
    json_object_set_new(ankle, "moment_frame",
                        json_string(gait_moment_frame_name((int)moment_frame)));
    json_object_set_new(ankle, "moment_units",
                        json_string("N.m/kg, internal, at the ankle centre"));
    for (int side = 0; side < 2; side++) {
        char key[32];
        snprintf(key, sizeof key, "%s_problem", cli_side_name(side));
        json_object_set_new(ankle, key,
                            problems[side][0] ? json_string(problems[side]) : json_null());
    }
    json_object_set_new(root, "ankle", ankle);
    json_t *steps = json_array();
    for (size_t i = 0; i < gait_trial_step_count(trial); i++) {
        gait_step step;
        gait_trial_get_step(trial, i, &step);
        json_array_append_new(steps, step_json(&step, trial));
    }
    json_object_set_new(root, "steps", steps);
    if (gait_trial_sensor_count(trial) > 0) {
        static const char *const activities[] = {"unknown", "walking", "running"};
        json_t *sensors = json_array();
        for (size_t i = 0; i < gait_trial_sensor_count(trial); i++) {
            gait_trial_sensor s;
            gait_trial_get_sensor(trial, i, &s);
            json_array_append_new(
                sensors,
                json_pack("{s:s, s:o, s:I, s:s, s:b, s:o, s:o}", "name", s.name, "side",
                          cli_side_name(s.side) ? json_string(cli_side_name(s.side)) : json_null(),
                          "steps", (json_int_t)s.n_steps, "activity",
                          activities[(int)s.activity >= 0 && (int)s.activity < 3 ? s.activity : 0],
                          "aligned", s.aligned, "event_cadence_spm",
                          number_or_null(s.event_cadence_spm), "spectral_cadence_spm",
                          number_or_null(s.spectral_cadence_spm)));
        }
        json_object_set_new(root, "sensors", sensors);
    }
    gait_trial_summary summary;
    if (gait_trial_get_summary(trial, &summary) == GAIT_OK)
        json_object_set_new(root, "summary", summary_json(&summary));
    json_t *warnings = json_array();
    const char *warning;
    for (size_t i = 0; (warning = gait_trial_warning(trial, i)) != NULL; i++)
        json_array_append_new(warnings, json_string(warning));
    json_object_set_new(root, "warnings", warnings);
    return root;
}

/* Step keys of the table and the CSV, in JSON order. */
const char *const trial_csv_keys[] = {"side",
                                      "complete",
                                      "events_from",
                                      "plate",
                                      "ic_s",
                                      "to_s",
                                      "contact_time_s",
                                      "flight_time_s",
                                      "step_time_s",
                                      "stride_time_s",
                                      "swing_time_s",
                                      "peak_vgrf_n",
                                      "peak_vgrf_bw",
                                      "impact_peak_bw",
                                      "loading_rate_bw_s",
                                      "instantaneous_loading_rate_bw_s",
                                      "braking_impulse_bw_s",
                                      "propulsive_impulse_bw_s",
                                      "strike_index",
                                      "strike_pattern",
                                      "foot_strike_angle_deg",
                                      "ankle_inversion_moment_peak_nm_kg",
                                      "ankle_eversion_moment_peak_nm_kg",
                                      "ankle_plantarflexion_moment_peak_nm_kg",
                                      "ankle_external_rotation_peak_deg",
                                      "ankle_eversion_peak_deg",
                                      "ankle_dorsiflexion_ic_deg",
                                      "stride_length_m",
                                      "speed_m_s"};
const size_t trial_csv_key_count = sizeof trial_csv_keys / sizeof trial_csv_keys[0];

void write_csv_text(FILE *out, const char *text)
{
    /* RFC 4180: quote a field holding a separator, a quote or a line break */
    if (strpbrk(text, ",\"\r\n") == NULL) {
        fputs(text, out);
        return;
    }
    fputc('"', out);
    for (const char *c = text; *c; c++) {
        if (*c == '"')
            fputc('"', out);
        fputc(*c, out);
    }
    fputc('"', out);
}

void write_csv_value(FILE *out, json_t *value)
{
    if (value == NULL || json_is_null(value))
        return;
    if (json_is_string(value))
        write_csv_text(out, json_string_value(value));
    else if (json_is_boolean(value))
        fputs(json_is_true(value) ? "yes" : "no", out);
    else if (json_is_integer(value))
        fprintf(out, "%lld", (long long)json_integer_value(value));
    else
        fprintf(out, "%.6g", json_real_value(value));
}

void write_curve_rows(FILE *out, const char *file, const gait_trial *trial)
{
    double values[6 * GAIT_CURVE_POINTS];
    for (size_t i = 0; i < gait_trial_step_count(trial); i++) {
        gait_step step;
        if (gait_trial_get_step(trial, i, &step) != GAIT_OK ||
            gait_trial_get_ankle_curves(trial, i, values, values + 3 * GAIT_CURVE_POINTS) !=
                GAIT_OK)
            continue;
        for (int v = 0; v < 6; v++)
            for (int p = 0; p < GAIT_CURVE_POINTS; p++) {
                double value = values[v * GAIT_CURVE_POINTS + p];
                if (!isfinite(value))
                    continue;
                write_csv_text(out, file);
                fprintf(out, ",%s,%zu,%s,%d,%.6g\n",
                        cli_side_name(step.side) ? cli_side_name(step.side) : "", i + 1,
                        cli_curve_names[v], p, value);
            }
    }
}
