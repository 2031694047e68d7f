//! Chapter 7: the escapes raced from the same start (race mode).

use super::super::prose::{Prose, Reaction, Text};
use super::super::{Chapter, Stage, When};

/// The chapter.
pub const CHAPTER: Chapter = Chapter {
    prose: Prose {
        title: Text {
            en: "Escapes: a race from the same start",
            ja: "脱出法：同じ出発点から競走",
        },
        body: Text {
            en: "sgd crawls on a plateau because its step shrinks with the gradient. The others set the step another way.\n\nmomentum builds up speed on a gentle slope. adagrad, rmsprop and adam divide each coordinate's step by the size of its past gradients, so tiny gradients still move them. Noise shakes the run loose. sfn, saddle-free Newton, divides by the size of the curvature and turns away from saddles. natgrad, Amari's natural gradient, measures steps by the change in the output.",
            ja: "sgd がプラトーで遅いのは、歩幅が勾配と一緒に縮むからです。ほかの手法は、歩幅を別のやり方で決めます。\n\nmomentum は緩い坂で速度をためます。adagrad、rmsprop、adam は座標ごとの歩幅を過去の勾配の大きさで割るので、小さな勾配でも進みます。ノイズは軌道を揺さぶります。sfn（saddle-free Newton）は曲率の大きさで割り、鞍点から離れる向きに進みます。natgrad（甘利の自然勾配）は、出力の変化で歩幅を測ります。",
        },
        look: Text {
            en: "Each racer is a number {racer_keys} on the map and a line in the legend: plateau N while it is on a plateau, escaped@N once it is out. A racer that never reaches one shows only its loss.",
            ja: "各レーサーはマップ上の番号 {racer_keys} と凡例の 1 行で表され、プラトーの上にいる間は plateau N、抜け出すと escaped@N と出ます。プラトーに一度も入らないレーサーには損失だけが表示されます。",
        },
        keys: Text {
            en: "{race_key} starts or ends the race, {racer_keys} show or hide racers, {select_key} selects one, {optimizer_key} gives it another optimizer (try sfn or rmsprop), {reset_key} restarts all, {kick_key} kicks all",
            ja: "{race_key} で競走の開始と終了、{racer_keys} で表示の切り替え、{select_key} で選択、{optimizer_key} で選んだレーサーの手法を変更（sfn や rmsprop を試してください）、{reset_key} で全員やり直し、{kick_key} で全員を揺さぶる",
        },
        reactions: &[
            Reaction {
                when: When::RaceStarted,
                text: Text {
                    en: "The race is on: every racer starts from the same point. The legend shows who is stalled and who has escaped.",
                    ja: "競走が始まりました。全員が同じ点から出発します。凡例を見ると、誰が停滞し、誰が抜け出したかが分かります。",
                },
            },
            Reaction {
                when: When::RacerEscaped,
                text: Text {
                    en: "{racer} escaped at step {escaped_at}.",
                    ja: "{racer} が {escaped_at} 歩目で脱出しました。",
                },
            },
            Reaction {
                when: When::StalledLong,
                text: Text {
                    en: "The selected racer has been on its plateau {stalled} steps. Press {select_key} to follow another one, or {kick_key} to kick them all.",
                    ja: "選んでいるレーサーは {stalled} 歩プラトーの上にいます。{select_key} で別のレーサーを選ぶか、{kick_key} で全員を揺さぶってみてください。",
                },
            },
            Reaction {
                when: When::RacerDiverged,
                text: Text {
                    en: "{racer} diverged at step {step}: its steps are too large here. Select it with {select_key}, press {lr_down_key} to halve its lr, then {reset_key}.",
                    ja: "{racer} が {step} 歩目で発散しました。ここでは歩幅が大きすぎます。{select_key} で選び、{lr_down_key} で学習率を半分にしてから {reset_key} を押してください。",
                },
            },
        ],
    },
    stage: Some(Stage {
        landscape: "neuron",
        optimizers: &["sgd", "momentum", "adam", "natgrad"],
        lr: None,
        start: Some(&[0.01, 9.0]),
        speed: 64,
    }),
};
