//! Chapter 6: the overlap of two hidden units (`committee`, six parameters).

use super::super::prose::{Prose, Reaction, Text};
use super::super::{Chapter, Stage, When};

/// The chapter.
pub const CHAPTER: Chapter = Chapter {
    prose: Prose {
        title: Text {
            en: "Overlap: two units become copies",
            ja: "重なり：2 つのユニットが同じになる",
        },
        body: Text {
            en: "Now there are two hidden units, y = v1·tanh(w1·x) + v2·tanh(w2·x), on a 2-D input: w1 and w2 have two weights each, six parameters in all.\n\nThe units start almost equal and soon become near copies, w1 ≈ w2. Then only v1 + v2 matters: three directions barely change the output, and three eigenvalues of the Fisher information matrix vanish. The loss rests near 1.57e-3 for well over a thousand steps, until the small difference between the units grows and the loss falls again.",
            ja: "今度は隠れユニットが 2 個です：y = v1·tanh(w1·x) + v2·tanh(w2·x)。入力が 2 次元なので w1, w2 は 2 成分ずつ、パラメータは計 6 個です。\n\n2 つのユニットはほぼ同じ状態から始まり、すぐに w1 ≈ w2 のほぼ複製になります。すると出力は v1 + v2 だけで決まり、出力をほとんど変えない方向が 3 つでき、フィッシャー情報行列の固有値が 3 つ 0 に近づきます。損失は 1.57e-3 付近に千歩以上とどまり、ユニットの違いが育つと再び下がります。",
        },
        look: Text {
            en: "The map is the singularity view: across, u, how far w1 and w2 are apart; up, (v1 − v2)/√2. The dimmed band around u = 0 is where the units are nearly copies; during the plateau the marker stays in it, and the readout shows Fisher 3 of 6 ≈ 0.",
            ja: "マップは特異性を見る断面で、横軸 u は w1 と w2 の離れ具合、縦軸は (v1 − v2)/√2 です。u = 0 のまわりの暗い帯が、ユニットがほぼ同じになる領域です。プラトーの間マーカーはその中にとどまり、表示欄には Fisher 3 of 6 ≈ 0 と出ます。",
        },
        keys: Text {
            en: "{run_key} runs, {view_key} shows the other views (coordinates, principal, random), {log_steps_key} puts steps on a log scale, {optimizer_key} switches optimizer where the run is (try adam)",
            ja: "{run_key} で実行、{view_key} で別の断面（座標、主成分、ランダム）、{log_steps_key} でグラフの横軸を対数に、{optimizer_key} でその場所から別の最適化手法に切り替え（adam を試してください）",
        },
        reactions: &[
            Reaction {
                when: When::Stalled,
                text: Text {
                    en: "The loss is no longer falling, at {loss}: this is the overlap plateau. The units still differ a little, and the difference grows slowly. Keep it running.",
                    ja: "損失は {loss} で下がらなくなりました。これが重なりによるプラトーです。ユニットにはまだわずかな違いがあり、それがゆっくり育っています。そのまま実行を続けてください。",
                },
            },
            Reaction {
                when: When::FisherRecovered,
                text: Text {
                    en: "Fewer Fisher eigenvalues are near 0 now: the units have begun to differ, and the loss will follow.",
                    ja: "0 に近いフィッシャー情報行列の固有値が減りました。ユニットが分かれ始めています。損失もまもなく下がります。",
                },
            },
            Reaction {
                when: When::Escaped,
                text: Text {
                    en: "Escaped at step {escaped_at}: the units have parted, each heading for a different unit of the network that made the data, and the loss falls again.",
                    ja: "{escaped_at} 歩目で脱出しました。2 つのユニットは分かれ、データを作ったネットワーク（教師）の別々のユニットに向かっています。損失は再び下がります。",
                },
            },
        ],
    },
    stage: Some(Stage {
        landscape: "committee",
        optimizers: &["sgd"],
        lr: Some(0.01),
        start: None,
        speed: 16,
    }),
};
