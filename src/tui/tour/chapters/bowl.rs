//! Chapter 1: gradient descent on the bowl x² + y² from (2, 3).

use super::super::prose::{Prose, Reaction, Text};
use super::super::{Chapter, Stage, When};

/// The chapter.
pub const CHAPTER: Chapter = Chapter {
    prose: Prose {
        title: Text {
            en: "Gradient descent on a bowl",
            ja: "お椀で見る勾配降下法",
        },
        body: Text {
            en: "The loss is L = x² + y², a round bowl whose lowest point is (0, 0). The gradient ∇L = (2x, 2y) points uphill, so gradient descent steps the other way: θ ← θ − lr·∇L.\n\nAt the start (2, 3) the gradient is (4, 6). With lr {lr} the first step lands on {first_step} and the second on {second_step}. Each step multiplies x and y by 1 − 2·lr, so with lr 0.5 one step lands exactly on (0, 0).",
            ja: "損失は L = x² + y² で、(0, 0) がいちばん低い丸いお椀の形です。勾配 ∇L = (2x, 2y) は坂を上る向きなので、勾配降下法はその反対へ θ ← θ − lr·∇L と進みます。\n\n出発点 (2, 3) での勾配は (4, 6) です。学習率 {lr} では、1 歩目で {first_step}、2 歩目で {second_step} に移ります。x と y は 1 歩ごとに 1 − 2·lr 倍になるので、学習率 0.5 なら 1 歩でちょうど (0, 0) に着きます。",
        },
        look: Text {
            en: "Press {step_key} and watch the marker on the map and x, y in the readout. Each step is shorter than the one before.",
            ja: "{step_key} を押して、マップ上のマーカーと表示欄の x, y を見てください。1 歩ごとに、歩幅が前の歩より短くなります。",
        },
        keys: Text {
            en: "{step_key} steps once, {run_key} runs, {lr_up_key} doubles lr, {form_key} types in an lr (try 0.5), {reset_key} restarts",
            ja: "{step_key} で 1 歩、{run_key} で実行、{lr_up_key} で学習率を 2 倍、{form_key} で学習率を入力（0.5 を試してください）、{reset_key} でやり直し",
        },
        reactions: &[
            Reaction {
                when: When::LrChanged,
                text: Text {
                    en: "lr is now {lr}. Press {reset_key}, then {step_key}: each step multiplies x and y by 1 − 2·lr. Above 0.5 that factor is negative, and the marker jumps across the centre.",
                    ja: "学習率が {lr} になりました。{reset_key} を押してから {step_key} で進めてください。x と y は 1 歩ごとに 1 − 2·lr 倍になります。0.5 を超えるとこの値が負になり、マーカーは中心を飛び越えて反対側へ移ります。",
                },
            },
            Reaction {
                when: When::Converged,
                text: Text {
                    en: "Step {step}: |∇L| is {grad}. The update hardly moves the marker any more; it is at the bottom.",
                    ja: "{step} 歩目で |∇L| は {grad} です。更新してもマーカーはほとんど動きません。お椀の底に着きました。",
                },
            },
            GROWING,
            Reaction {
                when: When::Oscillating,
                text: Text {
                    en: "The marker jumps between two points: with this lr the factor 1 − 2·lr is −1, so the steps neither grow nor shrink.",
                    ja: "マーカーが 2 点の間を往復しています。この学習率では 1 − 2·lr がちょうど −1 なので、歩幅は大きくも小さくもなりません。",
                },
            },
            Reaction {
                when: When::Diverged,
                text: Text {
                    en: "Diverged at step {step}. With lr {lr} the factor 1 − 2·lr is below −1, so each step overshoots more than the last. Press {lr_down_key} to halve lr, then {reset_key}.",
                    ja: "{step} 歩目で発散しました。学習率 {lr} では 1 − 2·lr が −1 より小さく、1 歩ごとに行き過ぎが大きくなります。{lr_down_key} で学習率を半分にしてから {reset_key} を押してください。",
                },
            },
        ],
    },
    stage: Some(STAGE),
};

/// The scene: sgd at lr 0.1 on the bowl from (2, 3), one step a frame (chapter 2 keeps it).
pub const STAGE: Stage = Stage {
    landscape: "bowl",
    optimizers: &["sgd"],
    lr: Some(0.1),
    start: Some(&[2.0, 3.0]),
    speed: 1,
};

/// The line for a run that overshoots more each step (chapter 2 shows it too).
pub const GROWING: Reaction = Reaction {
    when: When::Growing,
    text: Text {
        en: "Each step overshoots more than the last: with lr {lr} the factor 1 − 2·lr is below −1, so the distance to the minimum grows every step and the run is diverging. Press {lr_down_key} to halve lr, then {reset_key}.",
        ja: "1 歩ごとに前より大きく行き過ぎています。学習率 {lr} では 1 − 2·lr が −1 より小さいので、最小値までの距離が毎歩大きくなり、発散に向かっています。{lr_down_key} で学習率を半分にしてから {reset_key} を押してください。",
    },
};
