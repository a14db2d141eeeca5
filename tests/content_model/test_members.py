from content_model.members import Members


class Article:  # like Pelican's content objects: no __eq__, so `in` means "is one of"
    pass


def test_membership_is_by_identity_and_follows_changes():
    a, b, c = Article(), Article(), Article()
    members = Members([a, b])
    assert a in members and b in members and c not in members
    members.append(c)
    assert c in members
    members[0] = Article()  # replaced: the set is made again
    assert a not in members
    del members[0]
    assert len(members) == 2 and b in members
    members.sort(key=id)
    assert b in members and c in members
    assert list(members) == sorted([b, c], key=id)


def test_objects_with_equality_answer_as_a_list_does():
    assert 1 in Members([1.0]) and "x" in Members(["x"]) and 2 not in Members([1])
