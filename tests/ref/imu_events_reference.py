#!/usr/bin/python3
"""Reference prototype (numpy/scipy) of the IMU gait-event rules: foot- or shank-worn IMU,
automatic alignment, bouts, walk/run, IC/TC, foot strike angle. Measures them on:
  1. gaitmap foot IMU walk (mocap events)           -- tuning set
  2. IPOL foot IMU walk, trials 1-1, 5-2, 12-1      -- untouched validation
  3. this project's simulator (running, foot + shank)
  4. pyorerun Running_0002.c3d (shank accelerometers vs force plate)
Usage: tests/ref/imu_events_reference.py [--sim-dir DIR] [--gait build/release/tools/gait]
Data are read from /work/shared/data (GAIT_DATA overrides); nothing is written to the repository.
Batch code, but every rule only looks at a bounded window around the event (see report / docstrings).
"""
import argparse, csv, json, os, subprocess, sys
import numpy as np
from scipy.signal import butter, filtfilt

DATA = os.environ.get("GAIT_DATA", "/work/shared/data")
G = 9.81
HERE = os.path.dirname(os.path.abspath(__file__))

# ---------------------------------------------------------------- constants (see report)
STILL_GYR_DPS = 30.0      # still: |gyr| below this ...
STILL_ACC_MS2 = 1.0       # ... and ||a| - g| below this ...
STILL_MIN_S = 0.05        # ... for at least this long
SWING_GYR_DPS = 100.0     # PCA samples: |gyr| above this
LP_HZ = 20.0              # omega_s low-pass for lobes and IC (2nd order Butterworth, zero-phase over the buffer)
LP_TC_HZ = 40.0           # omega_s low-pass for the TC minimum (sharp, skewed peak: wide band)
MS_MIN_DPS = 100.0        # mid-swing peak must exceed this
LOBE_MIN_S = 0.10         # positive swing lobe (omega_s > 0) must last this long
TC_SEARCH_S = 0.30        # TC: minimum of omega_s within this before the lobe start
IC_SEARCH_S = 0.08        # IC (running): |d omega/dt| peak within +-this of ...
GAP_BOUT_S = 2.5          # lobes closer than this belong to the same bout
MIN_BOUT_STRIDES = 3


def lowpass(x, fs, fc=LP_HZ, order=2):
    if fc >= 0.45 * fs:
        return np.asarray(x, float).copy()
    b, a = butter(order, fc / (fs / 2))
    return filtfilt(b, a, x, axis=0)


def runs(mask):
    """[(start, end_exclusive)] of True runs."""
    m = np.concatenate([[False], np.asarray(mask, bool), [False]])
    d = np.diff(m.astype(int))
    return list(zip(np.flatnonzero(d == 1), np.flatnonzero(d == -1)))


# ---------------------------------------------------------------- 1. alignment
def still_mask(acc, gyr, fs):
    """Rule A1: still = |gyr| < 30 deg/s and ||a|-g| < 1 m/s^2 for >= 50 ms."""
    ok = (np.linalg.norm(gyr, axis=1) < STILL_GYR_DPS) & (np.abs(np.linalg.norm(acc, axis=1) - G) < STILL_ACC_MS2)
    out = np.zeros(len(ok), bool)
    for a, b in runs(ok):
        if b - a >= STILL_MIN_S * fs:
            out[a:b] = True
    return out


def align(acc, gyr, fs, segment="foot"):
    """Rule A: returns (u_up, e_right, info) in sensor axes.
    A2 vertical: mean acc over still samples (foot); fallback / shank: mean acc over the bout.
    A3 medio-lateral: principal eigenvector of the gyro covariance over |gyr| > 100 deg/s samples
       after removing the vertical component (g - (g.u)u).
    A4 sign: omega_s = gyr . e_right positive = toes up (foot) / shank distal end forward.
       Foot: after every still period the foot pitches toe-down (heel-off, push-off), so
       sum over still periods of integral omega_s over the 0.25 s after the period must be < 0.
       Shank (or no still period): the mid-swing peak is the largest excursion: choose the sign
       that makes the 99.5th percentile of omega_s larger in magnitude than the 0.5th.
    """
    still = still_mask(acc, gyr, fs) if segment == "foot" else np.zeros(len(acc), bool)
    if still.sum() >= 0.2 * fs:
        up = acc[still].mean(axis=0)
        src = "still"
    else:
        up = acc.mean(axis=0)
        src = "mean"
    up /= np.linalg.norm(up)
    sel = np.linalg.norm(gyr, axis=1) > SWING_GYR_DPS
    gp = gyr[sel] - np.outer(gyr[sel] @ up, up)
    w, v = np.linalg.eigh(gp.T @ gp / max(1, len(gp)))
    e = v[:, -1] - (v[:, -1] @ up) * up
    e /= np.linalg.norm(e)
    om = gyr @ e
    vote, how = 0.0, "percentile"
    if segment == "foot":
        n25 = int(round(0.25 * fs))
        for a, b in runs(still):
            if b + n25 <= len(om):
                vote += om[b:b + n25].sum() / fs
        if vote != 0.0:
            how = "push-off"
            if vote > 0:
                e = -e
    if how == "percentile":
        # shank: the impact / landing deceleration (largest |a| peaks, one per stride) ends the
        # forward swing, so omega_s averaged over the 60 ms before each such peak must be > 0
        from scipy.signal import find_peaks
        an = np.linalg.norm(acc, axis=1)
        pk, _ = find_peaks(an, height=np.percentile(an, 95), distance=int(0.4 * fs))
        n60 = int(round(0.06 * fs))
        vote = sum(om[p - n60:p].mean() for p in pk if p >= n60)
        how = "pre-impact"
        if vote < 0:
            e = -e
    return up, e, dict(vertical=src, sign=how, ratio=float(w[-1] / max(w[-2], 1e-9)))


# ---------------------------------------------------------------- 2. events
def zc_down(w, i):
    """first downward zero crossing at or after i (fractional index)."""
    j = i
    while j + 1 < len(w) and w[j + 1] > 0:
        j += 1
    if j + 1 >= len(w):
        return None
    return j + w[j] / (w[j] - w[j + 1])


def parabolic(x, k):
    if 0 < k < len(x) - 1:
        d = x[k - 1] - 2 * x[k] + x[k + 1]
        if d != 0:
            return k + 0.5 * (x[k - 1] - x[k + 1]) / d
    return float(k)


def swing_lobes(wf, fs):
    """Rule E1: swing lobes = runs of omega_s > 0 lasting >= 0.10 s whose peak (mid-swing, MS)
    exceeds 100 deg/s. Returns [(start, end_excl, ms_index)]."""
    out = []
    for a, b in runs(wf > 0):
        if b - a >= LOBE_MIN_S * fs:
            k = a + int(np.argmax(wf[a:b]))
            if wf[k] > MS_MIN_DPS:
                out.append((a, b, k))
    return out


def detect_foot(acc, gyr, fs, up, e, running=None):
    """Foot events. omega_s = lowpass(gyr . e_right). Returns dict of arrays (seconds)."""
    w = gyr @ e
    wf = lowpass(w, fs)
    wt = lowpass(w, fs, LP_TC_HZ)
    lobes = swing_lobes(wf, fs)
    ms, tcs, ics_zc, ics_jerk, tc_up, ics_imp = [], [], [], [], [], []
    an = np.linalg.norm(acc, axis=1)
    for (a, b, k) in lobes:
        ms.append(k / fs)
        # TC (rule E2): minimum of omega_s in [a - 0.30 s, a] (pre-swing toe-down peak), parabolic
        lo = max(0, a - int(TC_SEARCH_S * fs))
        if a - lo >= 3:
            j = lo + int(np.argmin(wt[lo:a]))
            tcs.append(parabolic(wt, j) / fs)
        # TC alternative: the upward zero crossing that starts the lobe (diagnostic, IPOL convention)
        tc_up.append((a - 1 + (-wf[a - 1]) / (wf[a] - wf[a - 1])) / fs if a > 0 else np.nan)
        # IC candidate 1 (rule E3 walking): downward zero crossing after MS
        z = zc_down(wf, k)
        ics_zc.append(np.nan if z is None else z / fs)
        # IC candidate 3: acceleration impact = max |a| in [zc - 0.02 s, zc + 0.10 s]
        if z is not None:
            lo, hi = max(0, int(z - 0.02 * fs)), min(len(an), int(z + 0.10 * fs))
            ics_imp.append((lo + int(np.argmax(an[lo:hi]))) / fs)
        else:
            ics_imp.append(np.nan)
        # IC candidate 2 (rule E4 running): largest |d omega_s/dt| in [zc - 0.08 s, zc + 0.08 s]
        # but never before the point where omega_s fell to 25% of the MS peak
        if z is not None:
            dw = np.gradient(wf) * fs
            q = k
            while q < len(wf) - 1 and wf[q] > 0.25 * wf[k]:
                q += 1
            lo = max(q, int(z - IC_SEARCH_S * fs))
            hi = min(len(wf) - 1, int(z + IC_SEARCH_S * fs))
            if hi > lo:
                j = lo + int(np.argmax(np.abs(dw[lo:hi])))
                ics_jerk.append(parabolic(-np.abs(dw), j) / fs)
            else:
                ics_jerk.append(np.nan)
        else:
            ics_jerk.append(np.nan)
    return dict(ms=np.array(ms), tc=np.array(tcs), ic_zc=np.array(ics_zc), ic_dw=np.array(ics_jerk),
                tc_up=np.array(tc_up), ic_imp=np.array(ics_imp), w=w, wf=wf)


# ---------------------------------------------------------------- evaluation helpers
def match(ref, det, tol):
    """one-to-one nearest matching within tol; returns signed errors det-ref (s) of matched refs."""
    det = np.asarray([d for d in det if np.isfinite(d)])
    used = np.zeros(len(det), bool)
    err = []
    for r in ref:
        if len(det) == 0:
            break
        d = np.abs(det - r)
        d[used] = np.inf
        j = int(np.argmin(d))
        if d[j] <= tol:
            used[j] = True
            err.append(det[j] - r)
    return np.array(err)


def fmt(name, n_ref, err):
    if len(err) == 0:
        return f"{name:34s} {0:3d}/{n_ref:<3d}"
    e = err * 1000
    return f"{name:34s} {len(err):3d}/{n_ref:<3d} MAE {np.abs(e).mean():6.1f} ms  mean {e.mean():+6.1f}  sd {e.std():5.1f}  max {np.abs(e).max():5.1f}"


# ---------------------------------------------------------------- data loaders
def load_gaitmap(name="imu_sample.csv"):
    rows = list(csv.reader(open(os.path.join(DATA, "gaitmap-foot-imu-walk", name))))
    sens, ax = rows[0], rows[1]
    data = np.array(rows[2:], float)
    out = {}
    for side in ("left", "right"):
        cols = [[i for i in range(1, len(sens)) if sens[i] == side + "_sensor" and ax[i] == a][0]
                for a in ("acc_x", "acc_y", "acc_z", "gyr_x", "gyr_y", "gyr_z")]
        out[side] = data[:, cols]
    return out


def gaitmap_events():
    ev = np.genfromtxt(os.path.join(DATA, "gaitmap-foot-imu-walk", "stride_events_sample.csv"), delimiter=",",
                       names=True, dtype=None, encoding=None)
    return {s: (ev["ic"][ev["foot"] == s].astype(float), ev["tc"][ev["foot"] == s].astype(float)) for s in ("left", "right")}


def load_ipol(trial, side):
    p = os.path.join(DATA, "ipol-foot-imu-walk", f"{trial}_{side}.txt")
    x = np.genfromtxt(p, skip_header=2)
    return x[:, 1:4], np.degrees(x[:, 4:7]), 100.0


# ---------------------------------------------------------------- experiments
def report_alignment(tag, up, e, info, ref_axis=None):
    s = f"  align {tag}: up={np.round(up, 3)} e_right={np.round(e, 3)} vertical from {info['vertical']}, sign by {info['sign']}, PCA ratio {info['ratio']:.1f}"
    if ref_axis is not None:
        s += f", angle to reference axis {np.degrees(np.arccos(np.clip(abs(e @ ref_axis), -1, 1))):.1f} deg, sign {'ok' if e @ ref_axis > 0 else 'WRONG'}"
    print(s)


def run_gaitmap(ic_rule):
    print("== 1. gaitmap foot IMU walk (204.8 Hz), tolerance 50 ms")
    fs = 204.8
    ref = gaitmap_events()
    rot = load_gaitmap("imu_sample.csv")
    raw = load_gaitmap("imu_sample_not_rotated.csv")
    res = {}
    for tag, d in (("rotated", rot), ("not_rotated", raw)):
        for side in ("left", "right"):
            acc, gyr = d[side][:, :3], d[side][:, 3:]
            up, e, info = align(acc, gyr, fs)
            # gaitmap sensor frame: toe-up = -gyr_y
            report_alignment(f"{tag} {side}", up, e, info, np.array([0, -1.0, 0]) if tag == "rotated" else None)
            ev = detect_foot(acc, gyr, fs, up, e)
            ric, rtc = ref[side][0] / fs, ref[side][1] / fs
            print("   ", fmt(f"{tag} {side} IC", len(ric), match(ric, ev["ic_zc"], 0.05)))
            print("   ", fmt(f"{tag} {side} TC", len(rtc), match(rtc, ev["tc"], 0.05)))
            if tag == "rotated":
                diagnostics(f"{side}", ric, rtc, ev)
            res[(tag, side)] = ev
    return res


def diagnostics(tag, ric, rtc, ev):
    """signed offsets of all candidate features (tolerance 100 ms) -- which feature is which event"""
    for k in ("ic_zc", "ic_imp", "ic_dw"):
        print("      diag", fmt(f"{tag} IC<-{k}", len(ric), match(ric, ev[k], 0.1)))
    for k in ("tc", "tc_up"):
        print("      diag", fmt(f"{tag} TC<-{k}", len(rtc), match(rtc, ev[k], 0.1)))


def run_ipol():
    print("== 2. IPOL foot IMU walk (100 Hz, Xsens axes, untouched validation), tolerance 50 ms")
    tot = {}
    for trial in ("1-1", "5-2", "12-1"):
        meta = json.load(open(os.path.join(DATA, "ipol-foot-imu-walk", f"{trial}.json")))
        for side, key in (("lf", "LeftFootEvents"), ("rf", "RightFootEvents")):
            acc, gyr, fs = load_ipol(trial, side)
            up, e, info = align(acc, gyr, fs)
            report_alignment(f"{trial} {side}", up, e, info)
            ev = detect_foot(acc, gyr, fs, up, e)
            pairs = np.array(meta[key], float) / fs
            for name, ref, det in (("TC", pairs[:, 0], ev["tc"]), ("IC", pairs[:, 1], ev["ic_zc"])):
                err = match(ref, det, 0.05)
                print("   ", fmt(f"{trial} {side} {name}", len(ref), err))
                t = tot.setdefault((side, name), [0, []])
                t[0] += len(ref)
                t[1].extend(err)
            diagnostics(f"{trial} {side}", pairs[:, 1], pairs[:, 0], ev)
    for (side, name), (n, err) in sorted(tot.items()):
        print("   ", fmt(f"ALL {side} {name}", n, np.array(err)))


def rot_zyx(a, b, c):
    a, b, c = np.radians([a, b, c])
    rz = np.array([[np.cos(a), -np.sin(a), 0], [np.sin(a), np.cos(a), 0], [0, 0, 1]])
    ry = np.array([[np.cos(b), 0, np.sin(b)], [0, 1, 0], [-np.sin(b), 0, np.cos(b)]])
    rx = np.array([[1, 0, 0], [0, np.cos(c), -np.sin(c)], [0, np.sin(c), np.cos(c)]])
    return rz @ ry @ rx


def foot_strike_angle(gyr, fs, e, ic_s, still):
    """Rule F: sole pitch at IC relative to the flat foot = -integral of omega_s (bias-corrected)
    from IC to the first still sample after IC (foot flat, gravity reset: pitch 0 there).
    Bias: mean omega_s over that still period."""
    i = int(np.floor(ic_s * fs))
    j = i
    n = len(still)
    lim = min(n, i + int(0.4 * fs))
    while j < lim and not still[j]:
        j += 1
    if j >= lim:
        return np.nan, np.nan
    k = j
    while k < n and still[k]:
        k += 1
    om = gyr @ e
    bias = om[j:k].mean()
    frac = ic_s * fs - i
    # trapezoid from the fractional IC to j
    seg = om[i:j + 1] - bias
    area = np.trapz(seg, dx=1.0 / fs) - frac / fs * 0.5 * (seg[0] + seg[1]) if len(seg) > 1 else 0.0
    return -area, j / fs


def pattern(fsa):
    return "rearfoot" if fsa > 8.0 else ("forefoot" if fsa < -1.6 else "midfoot")


def simulate(gait, out, name, strike, speed, seed, extra=()):
    subprocess.run([gait, "simulate", "--out", out, "--name", name, "--seed", str(seed), "--steps", "40",
                    "--strike", strike, "--speed", str(speed), *extra], check=True, stdout=subprocess.DEVNULL)
    foot = np.genfromtxt(os.path.join(out, name + "_foot_imu.csv"), delimiter=",", skip_header=2)
    shank = np.genfromtxt(os.path.join(out, name + "_shank_imu.csv"), delimiter=",", skip_header=2)
    truth = json.load(open(os.path.join(out, name + "_truth.json")))
    return foot, shank, [t for t in truth["steps"] if t["side"] == "right"]


def run_sim(gait, out):
    print("== 3. simulator (right foot + shank, noise on), tolerance 50 ms; mount = zyx deg rotation applied to the CSV axes")
    rng = np.random.default_rng(7)
    rows = []
    for strike in ("rearfoot", "midfoot", "forefoot"):
        for speed, cad, ct in ((2.5, 164, 0.28), (3.5, 172, 0.24), (5.0, 184, 0.19)):
            for mount in ((0, 0, 0), tuple(rng.uniform(-180, 180, 3).round())):
                name = f"{strike}_{speed}_{mount[0]:.0f}"
                foot, shank, steps = simulate(gait, out, name, strike, speed, 1,
                                              ("--cadence", str(cad), "--contact", str(ct)))
                fs = 1.0 / (foot[1, 0] - foot[0, 0])
                R = rot_zyx(*mount)
                acc, gyr = foot[:, 1:4] @ R, foot[:, 4:7] @ R      # sensor axes of a rotated mount
                up, e, info = align(acc, gyr, fs)
                ev = detect_foot(acc, gyr, fs, up, e)
                ric = np.array([t["ic_s"] for t in steps])
                rto = np.array([t["to_s"] for t in steps])
                inside = (ric > 0.3) & (ric < foot[-1, 0] - 0.6)
                ric_in, rto_in = ric[inside], rto[(rto > 0.3) & (rto < foot[-1, 0] - 0.6)]
                r = dict(strike=strike, speed=speed, mount=mount, sign=info["sign"],
                         axis_err=np.degrees(np.arccos(min(1, abs(e @ (R.T @ np.array([0, -1.0, 0]))))) ),
                         sign_ok=bool(e @ (R.T @ np.array([0, -1.0, 0])) > 0))
                for k in ("ic_zc", "ic_dw"):
                    r[k] = match(ric_in, ev[k], 0.05)
                r["tc"] = match(rto_in, ev["tc"], 0.05)
                r["n_ic"], r["n_tc"] = len(ric_in), len(rto_in)
                # foot strike angle and pattern at the detected IC (rule E4 = ic_dw)
                still = still_mask(acc, gyr, fs)
                fe, pat_ok, cad_err = [], [], []
                det = ev["ic_dw"][np.isfinite(ev["ic_dw"])]
                for t in steps:
                    if not inside[steps.index(t)] or len(det) == 0:
                        continue
                    k = int(np.argmin(np.abs(det - t["ic_s"])))
                    if abs(det[k] - t["ic_s"]) > 0.05:
                        continue
                    a, _ = foot_strike_angle(gyr, fs, e, det[k], still)
                    fe.append(a - t["foot_strike_angle_deg"])
                    pat_ok.append(pattern(a) == t["strike_pattern"])
                    if k + 1 < len(det):
                        cad_err.append(120.0 / (det[k + 1] - det[k]) - t["cadence_steps_per_min"])
                r["fsa"], r["pat"], r["cad"] = np.array(fe), np.array(pat_ok), np.array(cad_err)
                # shank (no mount rotation, same rules with the shank sign rule)
                sacc, sgyr = shank[:, 1:4] @ R, shank[:, 4:7] @ R
                sup, se, sinfo = align(sacc, sgyr, fs, segment="shank")
                sev = detect_foot(sacc, sgyr, fs, sup, se)
                r["sh_sign_ok"] = bool(se @ (R.T @ np.array([0, -1.0, 0])) > 0)
                r["sh_ic_zc"] = match(ric_in, sev["ic_zc"], 0.05)
                r["sh_ic_dw"] = match(ric_in, sev["ic_dw"], 0.05)
                r["sh_tc"] = match(rto_in, sev["tc"], 0.05)
                # walk/run: duty factor from detected IC/TC
                icd, tcd = ev["ic_dw"][np.isfinite(ev["ic_dw"])], ev["tc"]
                duty = []
                for a in icd:
                    nxt = tcd[tcd > a]
                    nic = icd[icd > a]
                    if len(nxt) and len(nic):
                        duty.append((nxt[0] - a) / (nic[0] - a))
                r["duty"] = float(np.median(duty)) if duty else np.nan
                rows.append(r)
    def ms(x):
        return f"{len(x):2d} {np.abs(x).mean()*1000:5.1f} {x.mean()*1000:+6.1f}" if len(x) else " 0   -      -"
    print("    strike   speed mount            axis  sign | IC_zc n MAE mean | IC_dw n MAE mean | TC n MAE mean | FSA MAE mean | pattern | cadence MAE | duty | shank IC_zc | shank IC_dw | shank TC")
    for r in rows:
        print(f"    {r['strike']:8s} {r['speed']:4.1f} {str(r['mount']):16s} {r['axis_err']:4.1f} {'ok' if r['sign_ok'] else 'BAD'} | {ms(r['ic_zc'])} | {ms(r['ic_dw'])} | {ms(r['tc'])} /{r['n_tc']} | "
              f"{np.abs(r['fsa']).mean():4.2f} {r['fsa'].mean():+5.2f} | {r['pat'].mean()*100:5.1f}% | {np.abs(r['cad']).mean():5.2f} | {r['duty']:.2f} | "
              f"{ms(r['sh_ic_zc'])} | {ms(r['sh_ic_dw'])} | {ms(r['sh_tc'])} {'ok' if r['sh_sign_ok'] else 'BAD'}")
    return rows


def run_c3d():
    print("== 4. pyorerun Running_0002.c3d: shank accelerometers (Delsys, g, held at ~148 Hz in the 2 kHz analog) vs plate 1 onset (Fz > 20 N)")
    sys.path.insert(0, HERE)
    from make_plate_refs import C3D, plate_wrenches
    c = C3D(os.path.join(DATA, "pyorerun-running-c3d", "Running_0002.c3d"))
    an, _ = c.analog()
    lab = [l.strip() for l in c.strings("ANALOG", "LABELS")]
    fs = 2000.0
    fz = plate_wrenches(c)[0][4]
    on = np.flatnonzero(fz > 20.0)[0] / fs
    print(f"    plate-1 contact {on*1000:.1f} ms .. {np.flatnonzero(fz > 20.0)[-1]/fs*1000:.1f} ms (file time)")
    for m in ("TA", "PL", "GL", "GM", "SO"):
        idx = [i for i, l in enumerate(lab) if "- " + m + "_ACC_" in l]
        n = np.linalg.norm(an[:, idx], axis=1)
        # Rule S-A (acc-only IC): first sample where |a| exceeds its minimum over the preceding
        # 30 ms by more than 1.0 g (impact rise)
        w = int(0.03 * fs)
        ic = np.nan
        for t in range(w, len(n)):
            if n[t] - n[t - w:t].min() > 1.0:
                ic = t / fs
                break
        print(f"    {m}: acc IC {ic*1000:7.1f} ms, minus plate onset {(ic-on)*1000:+7.1f} ms; max |a| {n.max():.2f} g at {n.argmax()/fs*1000:.1f} ms")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", default="gis4")
    ap.add_argument("--gait", default=os.path.join(HERE, "..", "..", "build", "release", "tools", "gait"))
    ap.add_argument("--sim-dir", default="/tmp/imu_events_sim")
    args = ap.parse_args()
    if "g" in args.only:
        run_gaitmap("zc")
    if "i" in args.only:
        run_ipol()
    if "s" in args.only:
        run_sim(args.gait, args.sim_dir)
    if "4" in args.only:
        run_c3d()


if __name__ == "__main__":
    main()
