//! Chapter 5: singular regions of the one-unit network y = v·tanh(w·x) (`neuron`).

use super::super::prose::{Prose, Reaction, Text};
use super::super::{Chapter, Stage, When};

/// The chapter.
pub const CHAPTER: Chapter = Chapter {
    prose: Prose {
        title: Text {
            en: "Singular regions: when a weight stops mattering",
            ja: "特異領域：重みが効かなくなる場所",
        },
        body: Text {
            en: "This map is a network with one hidden unit, y = v·tanh(w·x), fitted to 9 points; v runs across, w up, and the best fits are marked *. On the line v = 0 the output is always 0, so the loss does not depend on w at all.\n\nThe run starts beside that line but leaves it at once. The trap is higher up: for large w the tanh saturates, the gradient in w is only about 4.33·exp(−|w|), and from w = 9 sgd stays on the plateau until step 37,592 (|∇L| is below 1e-3 for the first 17,000 steps).",
            ja: "このマップは、隠れユニット 1 個のネットワーク y = v·tanh(w·x) を 9 点のデータに当てはめる損失です。横軸が v、縦軸が w で、最適解に * があります。v = 0 の線上では出力が常に 0 なので、損失は w にまったく依存しません。\n\n出発点はこの線のすぐ横ですが、v はすぐに学習されます。わなは上のほうです。w が大きいと tanh が飽和し、w 方向の勾配は約 4.33·exp(−|w|) しかなく、w = 9 から sgd は 37,592 歩目までプラトーにとどまります（|∇L| が 1e-3 を下回るのは最初の約 17,000 歩）。",
        },
        look: Text {
            en: "Dimmed cells (╱ without colour) are singular: the lines v = 0 and w = 0 and the saturated top. The ░ marks the thin flat valley the marker crawls down; the readout counts the steps on the plateau and the charts tint them.",
            ja: "暗く表示されたセル（色なしでは ╱）が特異領域で、v = 0 と w = 0 の線、そして飽和した上部です。░ はマーカーがゆっくり下る平らな細い谷で、プラトーの上の歩数は表示欄に、その区間はグラフの背景の色で示されます。",
        },
        keys: Text {
            en: "{run_key} runs, {faster_key} runs faster, {log_steps_key} puts the charts' steps on a log scale, {kick_key} kicks; a click near w = 10 makes the stall about 80,000 steps",
            ja: "{run_key} で実行、{faster_key} で速く、{log_steps_key} でグラフの横軸を対数に、{kick_key} で揺さぶる。w = 10 付近をクリックすると、停滞は約 80,000 歩に延びます",
        },
        reactions: &[
            Reaction {
                when: When::Stalled,
                text: Text {
                    en: "On the plateau: |∇L| is {grad}. v has already reached its best value for a saturated unit; only w is left, and its gradient is tiny.",
                    ja: "プラトーに入りました（|∇L| = {grad}）。v は飽和したユニットにとって最良の値にすでに達しています。残るのは w だけですが、その勾配はごくわずかです。",
                },
            },
            Reaction {
                when: When::Kicked,
                text: Text {
                    en: "Kicked: each weight moved by a random amount of about σ, the noise size in the readout. The plateau is much wider than that, so a small kick leaves the run on it.",
                    ja: "揺さぶりました。各重みは、表示欄のノイズの大きさ σ 程度だけランダムに動きました。プラトーはそれよりずっと広いので、小さな揺さぶりでは抜けられません。",
                },
            },
            Reaction {
                when: When::StalledLong,
                text: Text {
                    en: "On the plateau {stalled} steps. This plateau is a whole region, not a point: press {faster_key} to run faster and watch the tinted stretch of the charts grow.",
                    ja: "{stalled} 歩プラトーの上にいます。このプラトーは点ではなく、広がった領域です。{faster_key} で速くすると、グラフの背景が変わった区間が伸びていくのが見えます。",
                },
            },
            Reaction {
                when: When::Leaving,
                text: Text {
                    en: "Step {step}: the loss, {loss}, is falling again (|∇L| is {grad}), still on the plateau. The escape counts once it is down to {escape_level}, a tenth of the plateau's loss.",
                    ja: "{step} 歩目、損失 {loss} が再び下がり始めました（|∇L| は {grad}）。まだプラトーの上です。プラトーでの損失の 10 分の 1、{escape_level} まで下がると脱出と数えます。",
                },
            },
            Reaction {
                when: When::Escaped,
                text: Text {
                    en: "Escaped at step {escaped_at}: w came down far enough for the tanh to leave saturation, the gradient grew, and the loss fell toward 0.",
                    ja: "{escaped_at} 歩目で脱出しました。w が十分小さくなって tanh の飽和が解け、勾配が大きくなり、損失は 0 へ向かって下がりました。",
                },
            },
        ],
    },
    stage: Some(Stage {
        landscape: "neuron",
        optimizers: &["sgd"],
        lr: Some(0.05),
        start: Some(&[0.01, 9.0]),
        speed: 128,
    }),
};
