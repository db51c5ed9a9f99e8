"""Admin-only forms of the Danh mục page: users (create, role, password), registry import and
the thresholds of the compliance rules."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

import pandas as pd
import streamlit as st

from ui import data
from ui.auth import CurrentUser
from ui.format import (
    AGENCY_TYPE_LABELS,
    MESSAGE_LIMIT,
    ROLE_LABELS,
    fmt_datetime,
    fmt_number,
    plain,
)
from ui.review import flash
from warehouse import auth, people, review, rules


def user_admin(user: CurrentUser) -> None:
    """List users; create one, change a role, reset a password, lock or unlock an account (each
    audited with ``user``)."""
    users = auth.list_users(db=data.db_path())
    known = people.profiles(db=data.db_path())
    st.dataframe(
        pd.DataFrame(
            {
                "Tên đăng nhập": [u.username for u in users],
                "Họ tên": [known.get(u.username, (None, None))[0] or "" for u in users],
                "Đơn vị công tác": [known.get(u.username, (None, None))[1] or "" for u in users],
                "Vai trò": [ROLE_LABELS.get(u.role, u.role) for u in users],
                "Đang hoạt động": ["Có" if u.active else "Không" for u in users],
            }
        ),
        hide_index=True,
    )
    roles = list(ROLE_LABELS)
    names = [u.username for u in users]
    with st.form("create_user", clear_on_submit=True):
        st.markdown("**Tạo người dùng mới**")
        name = st.text_input("Tên đăng nhập mới", key="new_username")
        full_name, unit = _profile_fields("new")
        password = st.text_input("Mật khẩu (ít nhất 8 ký tự)", type="password", key="new_password")
        role = st.selectbox("Vai trò", roles, format_func=ROLE_LABELS.get, key="new_role")
        if st.form_submit_button("Tạo người dùng"):
            if not name.strip() or len(password) < 8:
                st.error("Cần tên đăng nhập và mật khẩu từ 8 ký tự.")
            else:
                ok, _ = data.call(
                    auth.create_user,
                    username=name.strip(),
                    password=password,
                    role=role,
                    by=user.username,
                )
                if ok and (full_name.strip() or unit.strip()):
                    ok = _save_profile(name.strip(), full_name, unit, user)
                if ok:
                    flash(
                        "success", f"Đã tạo người dùng {plain(name.strip())} ({ROLE_LABELS[role]})."
                    )
                    st.rerun()
    with st.form("set_profile", clear_on_submit=True):
        st.markdown("**Sửa họ tên, đơn vị công tác**")
        who = st.selectbox("Người dùng", names, key="profile_user")
        full_name, unit = _profile_fields("profile")
        if st.form_submit_button("Lưu họ tên, đơn vị") and _save_profile(
            who, full_name, unit, user
        ):
            flash("success", f"Đã lưu họ tên, đơn vị công tác của {plain(who)}.")
            st.rerun()
    with st.form("set_role"):
        st.markdown("**Đổi vai trò**")
        who = st.selectbox("Người dùng", names, key="role_user")
        new_role = st.selectbox("Vai trò mới", roles, format_func=ROLE_LABELS.get, key="role_new")
        if st.form_submit_button("Lưu vai trò"):
            ok, _ = data.call(auth.set_role, username=who, role=new_role, by=user.username)
            if ok:
                flash("success", f"Đã đổi vai trò của {plain(who)} thành {ROLE_LABELS[new_role]}.")
                st.rerun()
    with st.form("set_password", clear_on_submit=True):
        st.markdown("**Đặt lại mật khẩu**")
        who = st.selectbox("Người dùng", names, key="pw_user")
        password = st.text_input("Mật khẩu mới (ít nhất 8 ký tự)", type="password", key="pw_new")
        if st.form_submit_button("Đặt lại mật khẩu"):
            if len(password) < 8:
                st.error("Mật khẩu cần ít nhất 8 ký tự.")
            else:
                ok, _ = data.call(
                    auth.set_password, username=who, password=password, by=user.username
                )
                if ok:
                    flash(
                        "success",
                        f"Đã đặt lại mật khẩu cho {plain(who)}; các phiên cũ đã bị đăng xuất.",
                    )
                    st.rerun()
    with st.form("set_active"):
        st.markdown("**Khóa hoặc mở khóa tài khoản**")
        st.caption(
            "Tài khoản bị khóa không đăng nhập được và bị đăng xuất ngay; các thao tác trước đó "
            "vẫn được ghi tên người đó."
        )
        who = st.selectbox("Người dùng", names, key="active_user")
        lock = st.radio("Thao tác", ["Khóa", "Mở khóa"], horizontal=True, key="active_choice")
        if st.form_submit_button("Lưu"):
            ok, _ = data.call(
                auth.set_active, username=who, active=lock == "Mở khóa", by=user.username
            )
            if ok:
                flash("success", f"Đã {lock.lower()} tài khoản {plain(who)}.")
                st.rerun()
    login_pauses(user)


def _profile_fields(prefix: str) -> tuple[str, str]:
    """Draw a user's full name and unit inputs (inside a form); return what was typed."""
    full_name = st.text_input("Họ và tên", key=f"{prefix}_full_name")
    return full_name, st.text_input("Đơn vị công tác", key=f"{prefix}_unit")


def _save_profile(username: str, full_name: str, unit: str, user: CurrentUser) -> bool:
    """Record a user's full name and unit (audited); True when kept."""
    ok, _ = data.call(
        people.set_profile, username=username, full_name=full_name, unit=unit, by=user.username
    )
    if ok:
        data.clear_caches()  # the names pages show are cached with the queries
    return ok


_PAUSE_SCOPES = {"account": "Tài khoản", "client": "Máy truy cập"}


def login_pauses(user: CurrentUser) -> None:
    """List the wrong-password counts and let an admin clear one or all (audited)."""
    pauses = auth.login_pauses(db=data.db_path())
    with st.form("login_pauses"):
        st.markdown("**Tạm khóa đăng nhập do nhập sai mật khẩu**")
        st.caption(
            "Sau 5 lần nhập sai liên tiếp, tài khoản hoặc máy truy cập phải chờ 1 phút, mỗi lần "
            "sai tiếp theo thời gian chờ tăng gấp đôi, tối đa 15 phút."
        )
        if pauses:
            st.dataframe(
                pd.DataFrame(
                    {
                        "Loại": [_PAUSE_SCOPES.get(p.scope, p.scope) for p in pauses],
                        "Tài khoản / máy truy cập": [plain(p.key, markdown=False) for p in pauses],
                        "Số lần sai": [p.failures for p in pauses],
                        "Tạm khóa đến": [fmt_datetime(p.blocked_until) for p in pauses],
                    }
                ),
                hide_index=True,
            )
        else:
            st.caption("Hiện không có tài khoản hay máy truy cập nào bị tạm khóa.")
        choices = [None, *range(len(pauses))]
        which = st.selectbox(
            "Gỡ tạm khóa cho",
            choices,
            format_func=lambda i: "Tất cả" if i is None else plain(pauses[i].key, markdown=False),
            key="pause_choice",
        )
        if st.form_submit_button("Gỡ tạm khóa đăng nhập", disabled=not pauses):
            pause = None if which is None else pauses[which]
            ok, count = data.call(
                auth.clear_login_pauses,
                by=user.username,
                scope=pause and pause.scope,
                key=pause and pause.key,
            )
            if ok:
                flash("success", f"Đã gỡ {count} tạm khóa đăng nhập.")
                st.rerun()


def registry_import(user: CurrentUser) -> None:
    """Let an admin upload a new agencies CSV (same columns as samples/agencies.csv)."""
    with st.expander("Cập nhật danh mục đơn vị (quản trị viên)"):
        st.caption(
            "Tệp CSV (UTF-8) gồm các cột: id, name, short_name, aliases, type, parent, province, "
            "valid_from, valid_to; có thể thêm phone, email (điện thoại, thư điện tử của đơn vị). "
            "Đơn vị có sẵn được cập nhật; đơn vị không có trong tệp được giữ nguyên; tệp không có "
            "cột phone, email giữ nguyên điện thoại, thư điện tử đã có."
        )
        upload = st.file_uploader("Tệp danh mục (CSV)", type=["csv"], key="registry_csv")
        if upload is None or not st.button("Nhập danh mục", key="registry_import"):
            return
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "agencies.csv"
            path.write_bytes(upload.getvalue())
            try:
                ok, imported = data.call(review.import_registry, path=path, user=user.username)
            except (ValueError, KeyError, UnicodeDecodeError) as e:
                why = plain(str(e), limit=MESSAGE_LIMIT)  # it may quote the file
                st.error(
                    f"Tệp danh mục không hợp lệ ({why}). Kiểm tra lại các cột và mã hóa UTF-8."
                )
                return
        if ok:
            count, _ = imported  # waiting reports it now knows are placed too
            data.clear_caches()
            flash("success", f"Đã nhập {count} đơn vị vào danh mục.")
            st.rerun()


def threshold_form(user: CurrentUser, rules_: list) -> None:
    """Let an admin change a rule's threshold for one agency type from a year on (with a reason).

    Earlier years keep their threshold; rules.toml is never rewritten (warehouse.rules).
    """
    numeric = {r.id: r for r in rules_ if r.check == "min"}
    if not numeric:
        return
    with st.expander("Thay đổi ngưỡng đánh giá (quản trị viên)"):
        rule_id = st.selectbox(
            "Tiêu chí", list(numeric), format_func=lambda i: numeric[i].label, key="threshold_rule"
        )
        rule = numeric[rule_id]
        agency_type = st.selectbox(
            "Loại đơn vị",
            list(rule.applies_to),
            format_func=lambda t: AGENCY_TYPE_LABELS.get(t, t),
            key="threshold_type",
        )
        with st.form("set_threshold", clear_on_submit=True):
            from_year = st.number_input(
                "Áp dụng từ năm (các năm trước giữ ngưỡng cũ)",
                min_value=rules.YEARS[0],
                max_value=rules.YEARS[1],
                value=date.today().year,
                step=1,
                key="threshold_from_year",
            )
            current = rule.threshold_for(agency_type, "year", int(from_year))
            value = st.number_input(
                "Ngưỡng mới" + (" (số lần mỗi năm)" if rule.params.get("per_year") else ""),
                min_value=0.0,
                max_value=rules.MAX_THRESHOLD,
                value=float(current or 0),
                step=1.0,
                format="%g",
                key="threshold_value",
            )
            restore = st.checkbox("Dùng lại ngưỡng mặc định (rules.toml)", key="threshold_restore")
            reason = st.text_input("Lý do thay đổi (bắt buộc)", key="threshold_reason")
            if st.form_submit_button("Lưu ngưỡng"):
                ok, change = data.call(
                    rules.set_threshold,
                    rule_id=rule.id,
                    agency_type=agency_type,
                    threshold=None if restore else value,
                    from_year=int(from_year),
                    reason=reason,
                    by=user.username,
                )
                if ok:
                    data.clear_caches()
                    new = "mặc định" if change.threshold is None else fmt_number(change.threshold)
                    flash(
                        "success",
                        f"Đã đổi ngưỡng “{rule.label}” cho "
                        f"{AGENCY_TYPE_LABELS.get(agency_type, agency_type)} từ năm "
                        f"{change.from_year}: {fmt_number(change.previous)} → {new}.",
                    )
                    st.rerun()
