"""QtCharts bar charts of a shift summary, shown in the view and rendered to images for the PDF."""

from __future__ import annotations

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QValueAxis
from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication

from triage_desk.reports.summary import ShiftSummary

BAR_COLOUR = QColor("#2f6f9f")


def bar_chart(title: str, categories: list[str], values: list[int]) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    chart.legend().hide()
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    bars = QBarSet(title)
    bars.setColor(BAR_COLOUR)
    bars.append([float(v) for v in values])
    series = QBarSeries()
    series.append(bars)
    series.setLabelsVisible(True)
    series.setLabelsPosition(QBarSeries.LabelsPosition.LabelsOutsideEnd)
    chart.addSeries(series)
    x = QBarCategoryAxis()
    x.append(categories)
    chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(x)
    y = QValueAxis()
    top = max(values, default=0)
    y.setRange(0, max(1, top + max(1, top // 8)))  # headroom so the value labels are not clipped
    y.setLabelFormat("%d")
    y.setTickCount(min(6, max(2, top + 2)))
    y.applyNiceNumbers()  # whole, round ticks (0, 5, 10) instead of 0, 2.8, 5.6
    if len(categories) > 8 and max(map(len, categories), default=0) > 2:
        x.setLabelsAngle(-90)  # ten outcome codes do not fit side by side
    elif len(categories) > 12:
        small = x.labelsFont()
        small.setPointSize(7)  # 24 two-digit hours fit upright in a small font
        x.setLabelsFont(small)
    chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(y)
    return chart


def summary_charts(summary: ShiftSummary) -> list[QChart]:
    """By hour, by outcome (largest first, codes as labels) and by triage code."""
    hours = summary.by_hour
    outcome = [r for r in summary.table("outcome").rows if r.count][:10]
    triage = summary.table("triage_code").rows
    return [
        bar_chart("Contacts by hour (Europe/London)", [f"{h.hour:02d}" for h in hours],
                  [h.count for h in hours]),
        bar_chart("Contacts by outcome (top 10)", [r.code or "not recorded" for r in outcome],
                  [r.count for r in outcome]),
        bar_chart("Contacts by UK MHTS triage code", [r.code or "not recorded" for r in triage],
                  [r.count for r in triage]),
    ]


def chart_image(chart: QChart, size: QSize, scale: int = 2) -> QImage:
    """Render a chart laid out at ``size`` into an image ``scale`` times larger (crisp when printed
    at ``size``). The view is shown off-screen first: a never-shown QChartView lays the chart out
    at zero size and renders a collapsed chart (platform.md §6.9c)."""
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    view.resize(size)
    view.show()
    QApplication.processEvents()
    image = QImage(size * scale, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.render(painter, QRectF(0, 0, image.width(), image.height()))
    painter.end()
    view.close()
    view.deleteLater()
    return image
