//! Chapter 4: the saddle x² − y², started exactly on y = 0.

use super::super::prose::{Prose, Reaction, Text};
use super::super::{Chapter, Stage, When};

/// The chapter.
pub const CHAPTER: Chapter = Chapter {
    prose: Prose {
        title: Text {
            en: "A saddle: flat, with a way out",
            ja: "鞍点：平らでも出口がある",
        },
        body: Text {
            en: "Here L = x² − y². It curves up along x and down along y, so (0, 0) is a saddle: flat in the middle, with ways down on both sides.\n\nThis run starts exactly on the line y = 0. There the gradient has no y part, so each step only shrinks x, and the marker walks into the saddle and stays.\n\nAny nudge off the line grows by 1 + 2·lr per step: the run slides downhill and, since this loss has no bottom, off the map.",
            ja: "ここでは L = x² − y² です。x 方向には上に、y 方向には下に曲がるので、(0, 0) は鞍点です。中央は平らですが、両側に下り坂があります。\n\nこの実行は y = 0 の線のちょうど上から始まります。そこでは勾配に y 成分がなく x が縮むだけなので、マーカーは鞍点に入って止まります。\n\n線から少しでも外れれば、そのずれは 1 歩ごとに 1 + 2·lr 倍に育ち、軌道は坂を下って、底のないこの損失ではマップの外へ出ていきます。",
        },
        look: Text {
            en: "The readout's curvature line shows one negative and one positive eigenvalue, −2 and 2. When the marker rests on the X it says saddle point, while the |∇L| chart drops as if the run had converged.",
            ja: "表示欄の曲率の行には、負と正の固有値 −2 と 2 が並びます。マーカーが X に止まると saddle point と表示され、|∇L| のグラフは収束したかのように下がります。",
        },
        keys: Text {
            en: "{run_key} runs, {kick_key} kicks the marker off the line, {noise_key} keeps kicking, {reset_key} restarts; a click starts a run just off the line",
            ja: "{run_key} で実行、{kick_key} でマーカーを線の外へ揺さぶる、{noise_key} で揺さぶり続ける、{reset_key} でやり直し。線のすぐ外をクリックして始めることもできます",
        },
        reactions: &[
            Reaction {
                when: When::AtSaddle,
                text: Text {
                    en: "The marker sits on the saddle with |∇L| = {grad}: gradient descent has nowhere left to go. Press {kick_key}.",
                    ja: "マーカーは鞍点で止まっています（|∇L| = {grad}）。勾配降下法には、もう進む向きがありません。{kick_key} を押してください。",
                },
            },
            Reaction {
                when: When::Kicked,
                text: Text {
                    en: "Kicked: y is now {y}. However small, it grows by the same factor every step.",
                    ja: "揺さぶりました。y は {y} になりました。どれほど小さくても、1 歩ごとに同じ倍率で大きくなります。",
                },
            },
            Reaction {
                when: When::Escaped,
                text: Text {
                    en: "Escaped at step {escaped_at}: the loss keeps falling along y, and this surface has no floor.",
                    ja: "{escaped_at} 歩目で脱出しました。損失は y の方向に下がり続けます。この地形には底がありません。",
                },
            },
            Reaction {
                when: When::Diverged,
                text: Text {
                    en: "Diverged at step {step}: x² − y² has no lowest point, so the run slid away until its numbers overflowed. Press {reset_key} to start again.",
                    ja: "{step} 歩目で発散しました。x² − y² には最低点がないため、軌道は下り続け、数値があふれました。{reset_key} でやり直してください。",
                },
            },
        ],
    },
    stage: Some(Stage {
        landscape: "saddle",
        optimizers: &["sgd"],
        lr: Some(0.01),
        start: Some(&[1.0, 0.0]),
        speed: 8,
    }),
};
